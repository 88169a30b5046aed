-- Every message is kept: a later message that reused a Message-ID loses the Message-ID (its
-- flag in detail says why), the first one keeps it, so the unique index can return.
UPDATE messages m SET internet_message_id = NULL
WHERE internet_message_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM messages o
              WHERE o.office_id = m.office_id AND o.internet_message_id = m.internet_message_id AND o.id < m.id);
DROP INDEX messages_internet_id;
CREATE UNIQUE INDEX messages_internet_id ON messages (office_id, internet_message_id) WHERE internet_message_id IS NOT NULL;
