CREATE INDEX organisations_name_trgm ON organisations USING gin (name gin_trgm_ops);
DROP INDEX staff_invites_token_hash_key;
CREATE UNIQUE INDEX staff_invites_token_hash_key ON staff_invites (token_hash);
DROP INDEX sessions_token_hash_key;
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
