-- Sign-in hardening (issue 9): the office's two-factor requirement becomes a choice of who it
-- covers; recovery codes; failed sign-ins counted per e-mail address tried and client address.

ALTER TABLE offices ADD COLUMN two_factor_requirement text NOT NULL DEFAULT 'none'
  CHECK (two_factor_requirement IN ('none', 'managers_and_dpo', 'everyone'));
UPDATE offices SET two_factor_requirement = 'managers_and_dpo' WHERE require_two_factor;
ALTER TABLE offices DROP COLUMN require_two_factor;

-- Each code works once; only its SHA-256 is kept (the codes are random, 50 bits each).
CREATE TABLE recovery_codes (
  office_id uuid NOT NULL,
  user_id uuid NOT NULL,
  code_hash bytea NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, user_id, code_hash),
  FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id)
);
SELECT postbag_isolate('recovery_codes');

-- Failed sign-ins, whether or not the address tried belongs to an account (so that a known and an
-- unknown one answer alike), keyed by an HMAC of the address tried and the client's address (so
-- that failures from elsewhere cannot lock a colleague out). No office: an unknown address has none.
CREATE TABLE sign_in_failures (
  key bytea PRIMARY KEY,
  failures integer NOT NULL,
  locked_until timestamptz,
  last_failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_last_failed_at ON sign_in_failures (last_failed_at);
-- Written by requests (the request role, a member of postbag_app) before any office is known.
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_failures TO postbag_app;

ALTER TABLE users DROP COLUMN failed_sign_ins, DROP COLUMN locked_until;
