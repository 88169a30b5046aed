DROP INDEX staff_invites_open_email;
ALTER TABLE staff_invites DROP COLUMN message_id, DROP COLUMN replaced_by;
