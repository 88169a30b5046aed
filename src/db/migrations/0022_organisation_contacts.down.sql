ALTER TABLE organisations DROP COLUMN contact_email, DROP COLUMN contact_phone, DROP COLUMN contact_address, DROP COLUMN contact_web;
