DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM undistribute_table('bank_holidays');
END $$;

ALTER TABLE offices DROP COLUMN rights_target_days;
ALTER TABLE offices ALTER COLUMN nation DROP DEFAULT;
DROP TABLE bank_holidays;
