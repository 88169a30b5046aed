-- Citus will not undistribute a table that foreign keys join to others: they go first (the table goes anyway).
DO $$
DECLARE
  fk record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  FOR fk IN SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = 'subscription_signups'::regclass LOOP
    EXECUTE format('ALTER TABLE subscription_signups DROP CONSTRAINT %I', fk.conname);
  END LOOP;
  PERFORM undistribute_table('subscription_signups');
END $$;
DROP TABLE subscription_signups;
