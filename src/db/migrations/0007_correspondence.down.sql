DROP TABLE mailboxes;
DROP TABLE office_correspondence;
DROP TABLE message_templates;
DROP TABLE constituency_postcodes;
DROP INDEX case_events_message;
-- Timeline entries of messages go with the messages.
DELETE FROM case_events WHERE message_id IS NOT NULL;
ALTER TABLE case_events DROP COLUMN message_id;
DROP TABLE attachments;
DROP TABLE messages;
