-- Failed sign-in counts start again from none: they were counted per client address.
ALTER TABLE users ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz;
DROP TABLE sign_in_failures;
DROP TABLE recovery_codes;

-- "Everyone" was not a choice before: it becomes the managers and data protection lead.
ALTER TABLE offices ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false;
UPDATE offices SET require_two_factor = two_factor_requirement <> 'none';
ALTER TABLE offices DROP COLUMN two_factor_requirement;
