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
  PERFORM undistribute_table('newsletter_settings');
  PERFORM undistribute_table('newsletter_recipients');
  PERFORM undistribute_table('newsletter_mailings');
  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
DROP TABLE newsletter_settings;
DROP TABLE newsletter_recipients;
DROP TABLE newsletter_mailings;
