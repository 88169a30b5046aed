-- A Message-ID is the sender's claim, not a key: broken mailers reuse one, and so could a sender
-- wishing to hide a later message behind an earlier one. Only the same content (content_hash,
-- still unique) makes a duplicate; a different message with a known Message-ID is kept, and
-- flagged in detail.flags ('message_id_clash'). Threading and the clash check still look
-- Message-IDs up, so the index stays, no longer unique.
DROP INDEX messages_internet_id;
CREATE INDEX messages_internet_id ON messages (office_id, internet_message_id) WHERE internet_message_id IS NOT NULL;
