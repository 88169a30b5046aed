-- Requests connect as a login role that owns no table (DESIGN.md, invariant 1): RESET ROLE on its
-- connection leads back to a role row level security binds, not to the owner. Its rights are
-- postbag_app's, by membership; it is created here so that a fresh installation (and every test
-- database) needs no manual step. It has no password, so it cannot sign in until the operator sets
-- one (README, "Running it"). Roles are cluster-wide and test databases migrate in parallel.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postbag_request') THEN
    CREATE ROLE postbag_request LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE postbag_app;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- Being the owner no longer exempts a role from the policies: the owner (migrations, operator
-- commands, the job runner's claim) must say so with BYPASSRLS or be a superuser, which start-up
-- checks. A policy-less role that owns the tables sees nothing.
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

DO $$
DECLARE
  tbl regclass;
BEGIN
  FOR tbl IN
    SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity
  LOOP
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  END LOOP;
END $$;

-- The look-ups made before the office is known. Each answers only the office id, so that the
-- request role needs no cross-office SELECT: the rest of the read runs scoped to that office.
-- They run with the owner's rights, hence the fixed search_path and schema-qualified names.
CREATE FUNCTION postbag_office_of_sign_in(sign_in_email text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
  $$ SELECT u.office_id FROM public.users u WHERE u.email = sign_in_email $$;

CREATE FUNCTION postbag_office_of_session(session_token_hash bytea) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
  $$ SELECT s.office_id FROM public.sessions s WHERE s.token_hash = session_token_hash $$;

-- The public contact page at /contact needs no office in its address when there is only one.
CREATE FUNCTION postbag_sole_office() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
  $$ SELECT CASE WHEN count(*) = 1 THEN min(o.id::text)::uuid END FROM (SELECT id FROM public.offices LIMIT 2) o $$;

REVOKE EXECUTE ON FUNCTION postbag_office_of_sign_in(text), postbag_office_of_session(bytea), postbag_sole_office() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION postbag_office_of_sign_in(text), postbag_office_of_session(bytea), postbag_sole_office() TO postbag_app;
