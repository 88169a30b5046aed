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

  PERFORM undistribute_table('suppressions');
  PERFORM undistribute_table('consent_events');
  PERFORM undistribute_table('consent_evidence');
  PERFORM undistribute_table('subscription_topics');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;

DROP TABLE suppressions;
DROP FUNCTION postbag_merge_consent(uuid, uuid, uuid, boolean);
DROP FUNCTION postbag_erase_consent(uuid, uuid);
DROP TABLE consent_events;
DROP TABLE consent_evidence;
DROP FUNCTION consent_ledger_append_only();
DROP TABLE subscription_topics;
