-- Inviting a colleague again (issue 11) replaces the invitation still open for that address: its
-- link then says so. Each invitation knows its e-mail, so the staff page can say whether it went.
ALTER TABLE staff_invites
  ADD COLUMN replaced_by uuid,
  ADD COLUMN message_id uuid,
  ADD FOREIGN KEY (office_id, replaced_by) REFERENCES staff_invites (office_id, id),
  -- An erased message leaves the invitation without a send state, not without its row.
  ADD FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id) ON DELETE SET NULL (message_id);
CREATE INDEX staff_invites_open_email ON staff_invites (office_id, email) WHERE accepted_at IS NULL AND replaced_by IS NULL;

-- A job that failed for want of something the office sets (an e-mail with no SMTP server to go
-- through) names it, so that setting it queues those jobs again and no others.
ALTER TABLE jobs ADD COLUMN waiting_for text CHECK (waiting_for ~ '^[a-z][a-z0-9_]*$' AND length(waiting_for) <= 100);
CREATE INDEX jobs_waiting ON jobs (office_id, kind, waiting_for) WHERE status = 'failed' AND waiting_for IS NOT NULL;
