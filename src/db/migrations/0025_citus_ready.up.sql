-- Citus-ready keys (issue 12, "Beyond one machine"): on a cluster sharded by office_id, a unique
-- index is enforced shard by shard, so it can be created only if it names office_id; and an index
-- without office_id makes a query for one office read the entries of every office on its shard.
-- src/db/citus-ready.test.ts reads the catalogue and names any index or key that breaks this.

-- A session, and an invitation, is found by its token's hash before the office is known
-- (postbag_office_of_session, postbag_office_of_invite): the hash leads, so that look-up still
-- reads one index entry. A 32-byte random token is unique without the database's help; the index
-- keeps a second row with the same hash in the same office out all the same.
DROP INDEX sessions_token_hash_key;
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash, office_id);
DROP INDEX staff_invites_token_hash_key;
CREATE UNIQUE INDEX staff_invites_token_hash_key ON staff_invites (token_hash, office_id);

-- The organisation search (people/search-repo.ts) runs under row level security, where a
-- similarity or ILIKE operator (not leakproof) is never an index condition: the trigram index served
-- no request, whose plan reads the office's organisations (a few thousand) by organisations_pkey.
DROP INDEX organisations_name_trgm;
