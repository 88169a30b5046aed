-- Back to policies that call app_office_id() directly (0012's form).
CREATE OR REPLACE FUNCTION postbag_isolate(tbl regclass, office_column text DEFAULT 'office_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY office_isolation ON %s TO postbag_app USING (%I = app_office_id()) WITH CHECK (%I = app_office_id())',
    tbl, office_column, office_column);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO postbag_app', tbl);
END $$;

-- PostgreSQL prints the sub-select back as `( SELECT app_office_id() AS app_office_id)`.
DO $$
DECLARE
  p record;
  once constant text := '( SELECT app_office_id() AS app_office_id)';
BEGIN
  FOR p IN
    SELECT policyname, format('%I.%I', schemaname, tablename) AS tbl, qual, with_check FROM pg_policies
    WHERE schemaname = 'public' AND (qual LIKE '%' || once || '%' OR with_check LIKE '%' || once || '%')
  LOOP
    IF p.qual IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %s USING (%s)', p.policyname, p.tbl, replace(p.qual, once, 'app_office_id()'));
    END IF;
    IF p.with_check IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %s WITH CHECK (%s)', p.policyname, p.tbl, replace(p.with_check, once, 'app_office_id()'));
    END IF;
  END LOOP;
END $$;
