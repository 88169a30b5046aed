-- Jobs run in steps (issue 10): network work (SMTP, IMAP) happens outside any transaction, and
-- each database step commits on its own.
--
-- `progress` is the cursor a job's committed steps leave behind (JSON, ids and counts only, like
-- the payload): the next attempt after a crash or a lost lease starts from it.
ALTER TABLE jobs ADD COLUMN progress jsonb;

-- An outgoing e-mail is 'sending' from the moment its job commits to hand it to the SMTP server
-- until the server has accepted it ('sent'). A job that finds it 'sending' sends it again, with
-- the same Message-ID: the crash between the SMTP reply and recording it may have lost the reply.
-- 0007 left the check unnamed (PostgreSQL called it messages_check): find it by what it says.
DO $$
DECLARE
  name text;
BEGIN
  SELECT conname INTO STRICT name FROM pg_constraint
  WHERE conrelid = 'messages'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''queued''%';
  EXECUTE format('ALTER TABLE messages DROP CONSTRAINT %I', name);
END $$;
ALTER TABLE messages ADD CONSTRAINT messages_state_check CHECK (
  (direction = 'in' AND state IN ('inbox', 'filed', 'archived')) OR
  (direction = 'out' AND state IN ('queued', 'sending', 'sent')));
