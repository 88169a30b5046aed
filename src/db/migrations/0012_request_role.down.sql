DROP FUNCTION postbag_sole_office();
DROP FUNCTION postbag_office_of_session(bytea);
DROP FUNCTION postbag_office_of_sign_in(text);

DO $$
DECLARE
  tbl regclass;
BEGIN
  FOR tbl IN
    SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relforcerowsecurity
  LOOP
    EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', tbl);
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION postbag_isolate(tbl regclass, office_column text DEFAULT 'office_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY office_isolation ON %s TO postbag_app USING (%I = app_office_id()) WITH CHECK (%I = app_office_id())',
    tbl, office_column, office_column);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO postbag_app', tbl);
END $$;

-- postbag_request is cluster-wide and may serve other databases: it is left in place, as
-- postbag_app is by 0001.
