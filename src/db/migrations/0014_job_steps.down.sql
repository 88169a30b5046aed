-- An e-mail caught 'sending' goes back to 'queued': its job sends it again, as before 0014.
UPDATE messages SET state = 'queued' WHERE state = 'sending';
ALTER TABLE messages DROP CONSTRAINT messages_state_check;
ALTER TABLE messages ADD CONSTRAINT messages_state_check CHECK (
  (direction = 'in' AND state IN ('inbox', 'filed', 'archived')) OR
  (direction = 'out' AND state IN ('queued', 'sent')));

ALTER TABLE jobs DROP COLUMN progress;
