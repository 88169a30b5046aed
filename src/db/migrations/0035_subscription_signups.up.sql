-- A sign-up on the public /subscribe page (issue 13) waits here for its confirmation link to be
-- followed: double opt-in, so nothing is consent until then. The link's token is kept only as its
-- SHA-256; the address and name are sealed under the key of the confirmation e-mail that carried
-- the link, so erasing that message (or the person it was linked to) leaves nothing readable. The
-- wording and the notice version are what the page showed, written to the consent ledger as given
-- on confirmation; the row stays as the record of how and when the person confirmed.
CREATE TABLE subscription_signups (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  message_id uuid NOT NULL,
  email_sealed text NOT NULL CHECK (email_sealed ~ '^k[1-9][0-9]*\.'),
  name_sealed text NOT NULL CHECK (name_sealed ~ '^k[1-9][0-9]*\.'),
  -- The office's subscription topics ticked, checked against the office's list when confirmed.
  topic_ids uuid[] NOT NULL CHECK (cardinality(topic_ids) BETWEEN 1 AND 50),
  wording text NOT NULL CHECK (length(wording) BETWEEN 1 AND 4000),
  notice_version integer CHECK (notice_version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  -- The person matched or made on confirmation.
  person_id uuid,
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, token_hash),
  FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id) ON DELETE CASCADE,
  CHECK ((confirmed_at IS NULL) = (person_id IS NULL))
);
CREATE INDEX subscription_signups_person ON subscription_signups (office_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX subscription_signups_message ON subscription_signups (office_id, message_id);
CREATE INDEX subscription_signups_unconfirmed ON subscription_signups (office_id, expires_at) WHERE confirmed_at IS NULL;
SELECT postbag_isolate('subscription_signups');

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
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  restore := postbag_drop_foreign_keys();

  PERFORM create_distributed_table('subscription_signups', 'office_id', colocate_with => 'persons');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
