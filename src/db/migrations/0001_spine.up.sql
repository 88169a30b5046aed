-- The spine: offices, staff, sessions, the audit chain, and the first personal-data tables.
-- Every table of an office's data carries office_id and keys on (office_id, id), so that a
-- deployment can later shard by office (DESIGN.md, "Scale to design for").

-- The role request transactions drop to (SET LOCAL ROLE), so row level security applies to them.
-- Roles are cluster-wide; parallel test databases may race to create it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postbag_app') THEN
    CREATE ROLE postbag_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT postbag_app TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation THEN NULL;
END $$;

CREATE FUNCTION app_office_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.office_id', true), '')::uuid $$;

-- Row level security for one office-scoped table: a request session sees and writes only the
-- rows of the office it was opened for, even through a query that forgets its where clause.
CREATE FUNCTION postbag_isolate(tbl regclass, office_column text DEFAULT 'office_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY office_isolation ON %s TO postbag_app USING (%I = app_office_id()) WITH CHECK (%I = app_office_id())',
    tbl, office_column, office_column);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO postbag_app', tbl);
END $$;

CREATE TABLE offices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  member_name text NOT NULL CHECK (length(member_name) BETWEEN 1 AND 200),
  nation text NOT NULL CHECK (nation IN ('england-and-wales', 'scotland', 'northern-ireland')),
  require_two_factor boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
SELECT postbag_isolate('offices', 'id');

CREATE TABLE users (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email)),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('member', 'manager', 'caseworker', 'volunteer', 'researcher', 'data_protection_lead')),
  password_hash text NOT NULL,
  -- sealed with a key derived from the master key, never in clear
  totp_secret_sealed text,
  totp_enabled_at timestamptz,
  -- the time step of the last code accepted: a code is good once
  totp_last_step bigint,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
-- One sign-in name across the deployment, so that sign-in needs no office chooser.
CREATE UNIQUE INDEX users_email_key ON users (email);
SELECT postbag_isolate('users');

CREATE TABLE sessions (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id)
);
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
SELECT postbag_isolate('sessions');

-- The audit log holds ids, never personal data. Each entry's hash covers its fields and the
-- previous entry's hash; audit_heads holds the newest, so removing the tail is caught too.
CREATE TABLE audit_log (
  office_id uuid NOT NULL REFERENCES offices (id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_user_id uuid,
  session_id uuid,
  action text NOT NULL,
  record_type text,
  record_ids jsonb NOT NULL DEFAULT '[]',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (office_id, seq)
);
CREATE TABLE audit_heads (
  office_id uuid PRIMARY KEY REFERENCES offices (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
SELECT postbag_isolate('audit_log');
SELECT postbag_isolate('audit_heads');
REVOKE UPDATE, DELETE ON audit_log FROM postbag_app;
REVOKE DELETE ON audit_heads FROM postbag_app;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE persons (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  given_name text NOT NULL,
  family_name text NOT NULL,
  email text,
  postcode text,
  source text NOT NULL,
  collected_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
SELECT postbag_isolate('persons');

CREATE TABLE office_counters (
  office_id uuid NOT NULL REFERENCES offices (id),
  name text NOT NULL,
  value bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, name)
);
SELECT postbag_isolate('office_counters');

CREATE TABLE cases (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  reference text NOT NULL,
  person_id uuid NOT NULL,
  summary text NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'awaiting_agency', 'awaiting_constituent', 'closed')),
  owner_user_id uuid,
  sensitive boolean NOT NULL DEFAULT false,
  opened_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, reference),
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id),
  FOREIGN KEY (office_id, owner_user_id) REFERENCES users (office_id, id)
);
CREATE INDEX cases_owner ON cases (office_id, owner_user_id);
CREATE INDEX cases_opened ON cases (office_id, opened_at DESC, id);
SELECT postbag_isolate('cases');

-- Who else may see a case: shared with a caseworker, or (for a sensitive case) the named users.
CREATE TABLE case_access (
  office_id uuid NOT NULL,
  case_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (office_id, case_id, user_id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id)
);
CREATE INDEX case_access_user ON case_access (office_id, user_id);
SELECT postbag_isolate('case_access');
