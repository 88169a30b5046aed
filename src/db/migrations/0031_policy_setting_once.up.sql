-- Row level security policies read the office setting once per statement. Written as
-- `office_id = app_office_id()`, the inlined current_setting() call is a per-row expression; as
-- `office_id = (SELECT app_office_id())` it is an init plan, evaluated once and compared as a
-- parameter, which is cheaper to plan and to run on every table a statement reads. Every policy
-- that calls app_office_id() is rewritten, whichever migration made it.
CREATE OR REPLACE FUNCTION postbag_isolate(tbl regclass, office_column text DEFAULT 'office_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY office_isolation ON %s TO postbag_app USING (%I = (SELECT app_office_id())) WITH CHECK (%I = (SELECT app_office_id()))',
    tbl, office_column, office_column);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO postbag_app', tbl);
END $$;

DO $$
DECLARE
  p record;
BEGIN
  FOR p IN
    SELECT policyname, format('%I.%I', schemaname, tablename) AS tbl, qual, with_check FROM pg_policies
    WHERE schemaname = 'public' AND (qual LIKE '%app_office_id()%' OR with_check LIKE '%app_office_id()%')
  LOOP
    IF p.qual IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %s USING (%s)', p.policyname, p.tbl, replace(p.qual, 'app_office_id()', '(SELECT app_office_id())'));
    END IF;
    IF p.with_check IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %s WITH CHECK (%s)', p.policyname, p.tbl, replace(p.with_check, 'app_office_id()', '(SELECT app_office_id())'));
    END IF;
  END LOOP;
END $$;
