-- Back to the unkeyed chain. Keyed entries (version 2) are hashed again the version 1 way,
-- SHA-256 over the same JSON array chain.ts builds, and relinked, so the previous code verifies
-- every chain as intact; the heads follow their entries. Keyed entries could not be checked
-- without the key, so a chain altered before this runs comes out consistent: run
-- `postbag audit verify` first.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
  entry record;
  office uuid;
  prev text;
  rehashed text;
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY office_id, seq LOOP
    IF office IS DISTINCT FROM entry.office_id THEN
      office := entry.office_id;
      prev := repeat('0', 64);
    END IF;
    IF entry.chain_version = 1 THEN
      prev := entry.hash;
      CONTINUE;
    END IF;
    rehashed := encode(sha256(convert_to(
      '[' || to_json(entry.office_id::text)::text
      || ',' || entry.seq::text
      || ',' || to_json(to_char(entry.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
      || ',' || coalesce(to_json(entry.actor_user_id::text)::text, 'null')
      || ',' || coalesce(to_json(entry.session_id::text)::text, 'null')
      || ',' || to_json(entry.action)::text
      || ',' || coalesce(to_json(entry.record_type)::text, 'null')
      || ',' || (SELECT '[' || coalesce(string_agg(to_json(id)::text, ',' ORDER BY n), '') || ']'
                 FROM jsonb_array_elements_text(entry.record_ids) WITH ORDINALITY AS ids (id, n))
      || ',' || to_json(prev)::text
      || ']', 'UTF8')), 'hex');
    UPDATE audit_log SET prev_hash = prev, hash = rehashed WHERE office_id = entry.office_id AND seq = entry.seq;
    prev := rehashed;
  END LOOP;
END $$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
UPDATE audit_heads h SET hash = l.hash FROM audit_log l WHERE l.office_id = h.office_id AND l.seq = h.seq AND l.hash <> h.hash;

DROP TRIGGER audit_heads_no_truncate ON audit_heads;
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP FUNCTION audit_refuse_truncate();
ALTER TABLE audit_heads DROP COLUMN seal;
ALTER TABLE audit_log DROP COLUMN chain_version;
