-- An organisation in the office's directory carries how casework reaches it (an MP hotline, an
-- e-mail route) and the office's own notes; a route copied from the starter directory that the
-- office has not confirmed is marked "check before use".
ALTER TABLE organisations
  ADD COLUMN contact_route text CHECK (length(contact_route) <= 2000),
  ADD COLUMN check_before_use boolean NOT NULL DEFAULT false,
  ADD COLUMN notes text CHECK (length(notes) <= 4000);
