ALTER TABLE office_correspondence
  DROP CONSTRAINT office_correspondence_smtp_whole,
  DROP COLUMN smtp_host, DROP COLUMN smtp_port, DROP COLUMN smtp_security, DROP COLUMN smtp_username, DROP COLUMN smtp_password_sealed;
ALTER TABLE messages DROP COLUMN send_problem_sealed;
