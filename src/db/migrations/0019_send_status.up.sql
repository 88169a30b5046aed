-- Why an outgoing e-mail has not gone (the last try's problem, in plain words), sealed under the
-- message's own key: a server's refusal can quote the address. Cleared once it is sent.
ALTER TABLE messages ADD COLUMN send_problem_sealed text CHECK (send_problem_sealed ~ '^k[1-9][0-9]*\.');

-- The office's own SMTP server (POSTBAG_SMTP_URL is the fallback when it has none). The password is
-- sealed with a mailbox key kept under the office's id, as the IMAP mailboxes' are under theirs.
ALTER TABLE office_correspondence
  ADD COLUMN smtp_host text CHECK (length(smtp_host) BETWEEN 1 AND 253),
  ADD COLUMN smtp_port integer CHECK (smtp_port BETWEEN 1 AND 65535),
  ADD COLUMN smtp_security text CHECK (smtp_security IN ('tls', 'starttls')),
  ADD COLUMN smtp_username text CHECK (length(smtp_username) BETWEEN 1 AND 320),
  ADD COLUMN smtp_password_sealed text CHECK (smtp_password_sealed ~ '^k[1-9][0-9]*\.'),
  ADD CONSTRAINT office_correspondence_smtp_whole CHECK (
    (smtp_host IS NULL) = (smtp_port IS NULL) AND (smtp_host IS NULL) = (smtp_security IS NULL)
    AND (smtp_username IS NULL OR smtp_host IS NOT NULL)
    AND (smtp_password_sealed IS NULL OR smtp_username IS NOT NULL)
  );
