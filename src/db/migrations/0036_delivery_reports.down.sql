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

  PERFORM undistribute_table('unmatched_delivery_reports');
  PERFORM undistribute_table('delivery_reports');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;

ALTER TABLE contact_points
  DROP CONSTRAINT contact_points_undeliverable_whole,
  DROP CONSTRAINT contact_points_undeliverable_email,
  DROP COLUMN undeliverable_status,
  DROP COLUMN undeliverable_at;
DROP TABLE unmatched_delivery_reports;
DROP TABLE delivery_reports;
