ALTER TABLE organisations DROP COLUMN contact_route, DROP COLUMN check_before_use, DROP COLUMN notes;
