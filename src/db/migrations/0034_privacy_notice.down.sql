DO $$
DECLARE
  restore text[];
  statement text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  restore := postbag_drop_foreign_keys();
  PERFORM undistribute_table('privacy_notice_versions');
  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
DROP TABLE privacy_notice_versions;
DROP FUNCTION privacy_notice_versions_append_only();
-- A purpose drafted without a lawful basis cannot go back to the older schema as it is.
ALTER TABLE processing_purposes ALTER COLUMN lawful_basis SET NOT NULL;
ALTER TABLE offices
  DROP COLUMN controller_address,
  DROP COLUMN controller_email,
  DROP COLUMN data_protection_contact,
  DROP COLUMN ico_registration,
  DROP COLUMN security_measures;
