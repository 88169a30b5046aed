-- The audit chain becomes keyed (DESIGN.md invariant 4). Entries already written keep chain
-- version 1 (SHA-256, verified as before); every entry written from now on is version 2, an
-- HMAC-SHA-256 under a key derived from the master key, which is never in the database. The
-- column has no default, so every insert must say which it is.
ALTER TABLE audit_log ADD COLUMN chain_version smallint NOT NULL DEFAULT 1;
ALTER TABLE audit_log ALTER COLUMN chain_version DROP DEFAULT;

-- An HMAC over the head's office, position and hash: without the key nobody can move the head
-- back to an earlier entry after removing the ones after it. NULL until the office's chain is
-- keyed (at the first start after this migration, or its first new entry).
ALTER TABLE audit_heads ADD COLUMN seal text;

-- Row triggers do not see TRUNCATE; this refuses it for everyone, the owner included (only
-- disabling the trigger first, which the verifier then catches, gets past it).
CREATE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % cannot be truncated', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
