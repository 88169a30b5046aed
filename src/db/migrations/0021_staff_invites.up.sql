-- A manager invites a colleague by e-mail (issue 11): the link carries a random token, of which
-- only the SHA-256 is kept; accepting it once, before it expires, makes the colleague's account.
CREATE TABLE staff_invites (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  role text NOT NULL CHECK (role IN ('member', 'manager', 'caseworker', 'volunteer', 'researcher', 'data_protection_lead')),
  token_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  invited_by uuid NOT NULL,
  accepted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, invited_by) REFERENCES users (office_id, id)
);
CREATE UNIQUE INDEX staff_invites_token_hash_key ON staff_invites (token_hash);
CREATE INDEX staff_invites_pending ON staff_invites (office_id, created_at) WHERE accepted_at IS NULL;
SELECT postbag_isolate('staff_invites');

-- The invitation page is opened before anyone is signed in: like a session, the token names the
-- office, and the rest of the read runs scoped to it.
CREATE FUNCTION postbag_office_of_invite(invite_token_hash bytea) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
  $$ SELECT i.office_id FROM public.staff_invites i WHERE i.token_hash = invite_token_hash $$;
REVOKE EXECUTE ON FUNCTION postbag_office_of_invite(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION postbag_office_of_invite(bytea) TO postbag_app;

-- The staff page shows each account's last sign-in: its newest session.
CREATE INDEX sessions_user_created ON sessions (office_id, user_id, created_at);
