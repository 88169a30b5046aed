DROP INDEX jobs_waiting;
ALTER TABLE jobs DROP COLUMN waiting_for;
DROP INDEX staff_invites_open_email;
ALTER TABLE staff_invites DROP COLUMN message_id, DROP COLUMN replaced_by;
