-- The casework contact route in parts a caseworker uses as they are: the e-mail address to write
-- to, the phone line to ring (E.164), the postal address for a letter, the web page. contact_route
-- stays the free text on how to use them (an MP hotline, a reference to quote).
ALTER TABLE organisations
  ADD COLUMN contact_email text CHECK (length(contact_email) <= 254),
  ADD COLUMN contact_phone text CHECK (length(contact_phone) <= 20),
  ADD COLUMN contact_address text CHECK (length(contact_address) <= 1000),
  ADD COLUMN contact_web text CHECK (length(contact_web) <= 500);
