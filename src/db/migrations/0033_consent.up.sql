-- The consent ledger, objections and the suppression list (issue 13, docs/ARCHITECTURE.md
-- "Consent"). Consent is for a purpose of the record of processing, optionally narrowed to one
-- subscription topic. The ledger is append-only: current consent is derived from it, never stored
-- apart from it. The suppression list holds keyed hashes of addresses, never the addresses.

CREATE TABLE subscription_topics (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  purpose_id uuid NOT NULL,
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, purpose_id) REFERENCES processing_purposes (office_id, id)
);
CREATE UNIQUE INDEX subscription_topics_name ON subscription_topics (office_id, lower(name));
SELECT postbag_isolate('subscription_topics');

-- A signed form or other evidence of a consent event, sealed with the person's key (erasure
-- destroys it with the key). Written once, like the ledger that points at it.
CREATE TABLE consent_evidence (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  filename_sealed text NOT NULL CHECK (filename_sealed ~ '^k[1-9][0-9]*\.'),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_sealed text NOT NULL CHECK (content_sealed ~ '^k[1-9][0-9]*\.'),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id),
  FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id)
);
CREATE INDEX consent_evidence_person ON consent_evidence (office_id, person_id);
SELECT postbag_isolate('consent_evidence');

CREATE TABLE consent_events (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  purpose_id uuid NOT NULL,
  -- NULL: the whole purpose (every topic of it).
  topic_id uuid,
  -- objected: an objection to direct marketing (UK GDPR Art. 21(2)); it stands for every
  -- purpose until the person gives a fresh consent after it (consent/ledger.ts).
  kind text NOT NULL CHECK (kind IN ('given', 'withdrawn', 'objected')),
  method text NOT NULL CHECK (method IN ('web_form', 'paper', 'email', 'phone', 'in_person')),
  -- The exact words the person was shown or said yes to.
  wording text NOT NULL CHECK (length(wording) BETWEEN 1 AND 4000),
  -- The privacy notice version in force (the notices are numbered by their own module).
  notice_version integer CHECK (notice_version >= 1),
  evidence_id uuid,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- A member of staff, or NULL with recorded_via 'public_form'.
  recorded_by uuid,
  recorded_via text NOT NULL CHECK (recorded_via IN ('staff', 'public_form')),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id),
  FOREIGN KEY (office_id, purpose_id) REFERENCES processing_purposes (office_id, id),
  FOREIGN KEY (office_id, topic_id) REFERENCES subscription_topics (office_id, id),
  FOREIGN KEY (office_id, evidence_id) REFERENCES consent_evidence (office_id, id),
  FOREIGN KEY (office_id, recorded_by) REFERENCES users (office_id, id),
  CHECK ((recorded_via = 'staff') = (recorded_by IS NOT NULL))
);
-- A person's history and their latest event per purpose and topic.
CREATE INDEX consent_events_person ON consent_events (office_id, person_id, purpose_id, topic_id, occurred_at DESC, id DESC);
-- Everyone's latest event for one purpose (the audience count).
CREATE INDEX consent_events_purpose ON consent_events (office_id, purpose_id, topic_id, person_id, occurred_at DESC, id DESC);
-- A person's objections (each message and each audience member is checked against them).
CREATE INDEX consent_events_objections ON consent_events (office_id, person_id, occurred_at) WHERE kind = 'objected';
SELECT postbag_isolate('consent_events');

-- Append-only: the request role may only add and read. The owner's two functions below are the
-- only rewrites (erasing a person, merging two), and the trigger refuses any other, the owner's too.
REVOKE UPDATE, DELETE ON consent_events, consent_evidence FROM postbag_app;
CREATE FUNCTION consent_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('postbag.consent_rewrite', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'the consent ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
  FOR EACH ROW EXECUTE FUNCTION consent_ledger_append_only();
CREATE TRIGGER consent_evidence_append_only BEFORE UPDATE OR DELETE ON consent_evidence
  FOR EACH ROW EXECUTE FUNCTION consent_ledger_append_only();

-- Erasure: the person's events and evidence go (their addresses stay on the suppression list).
-- Both functions run with the owner's rights for one office, the one the transaction is scoped to.
CREATE FUNCTION postbag_erase_consent(office uuid, erased_person uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  erased integer;
BEGIN
  IF office IS DISTINCT FROM public.app_office_id() THEN
    RAISE EXCEPTION 'the consent ledger of office % is not this transaction''s to rewrite', office;
  END IF;
  PERFORM set_config('postbag.consent_rewrite', 'on', true);
  DELETE FROM public.consent_events WHERE office_id = office AND person_id = erased_person;
  GET DIAGNOSTICS erased = ROW_COUNT;
  DELETE FROM public.consent_evidence WHERE office_id = office AND person_id = erased_person;
  PERFORM set_config('postbag.consent_rewrite', 'off', true);
  RETURN erased;
END $$;

-- Merging a duplicate into the person kept: the duplicate's events (or, with evidence, its
-- evidence files) become the kept person's.
CREATE FUNCTION postbag_merge_consent(office uuid, kept_person uuid, merged_person uuid, evidence boolean) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  moved integer;
BEGIN
  IF office IS DISTINCT FROM public.app_office_id() THEN
    RAISE EXCEPTION 'the consent ledger of office % is not this transaction''s to rewrite', office;
  END IF;
  PERFORM set_config('postbag.consent_rewrite', 'on', true);
  IF evidence THEN
    UPDATE public.consent_evidence SET person_id = kept_person WHERE office_id = office AND person_id = merged_person;
  ELSE
    UPDATE public.consent_events SET person_id = kept_person WHERE office_id = office AND person_id = merged_person;
  END IF;
  GET DIAGNOSTICS moved = ROW_COUNT;
  PERFORM set_config('postbag.consent_rewrite', 'off', true);
  RETURN moved;
END $$;
REVOKE EXECUTE ON FUNCTION postbag_erase_consent(uuid, uuid), postbag_merge_consent(uuid, uuid, uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION postbag_erase_consent(uuid, uuid), postbag_merge_consent(uuid, uuid, uuid, boolean) TO postbag_app;

-- Addresses that must get no marketing: HMAC-SHA-256 (a key derived from the master key for the
-- office) of the channel and the normalised address. Kept after the person is erased. A row is
-- never rewritten; it is deleted only when the person gives a fresh consent after their own
-- unsubscribe or objection (never for a bounce, a complaint or the office's own entry).
CREATE TABLE suppressions (
  office_id uuid NOT NULL REFERENCES offices (id),
  address_hash bytea NOT NULL CHECK (length(address_hash) = 32),
  channel text NOT NULL CHECK (channel IN ('email', 'phone')),
  -- The first reason it was suppressed for; a later one changes nothing.
  reason text NOT NULL CHECK (reason IN ('unsubscribed', 'objected', 'hard_bounce', 'complaint', 'added_by_staff')),
  suppressed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, address_hash)
);
SELECT postbag_isolate('suppressions');
REVOKE UPDATE ON suppressions FROM postbag_app;

-- Placed for Citus as 0030 places the others (a no-op without the extension), with the foreign
-- keys out of the way meanwhile, as there.
DO $$
DECLARE
  restore text[];
  statement text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  -- The ledger's append-only triggers run on its shards.
  PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  restore := postbag_drop_foreign_keys();

  PERFORM create_distributed_table('subscription_topics', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('consent_evidence', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('consent_events', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('suppressions', 'office_id', colocate_with => 'persons');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
