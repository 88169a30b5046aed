-- Newsletters and campaign updates (issue 13). A mailing is written once (its subject, HTML and
-- plain text sealed under a message key of its own id, as messages are), for one purpose of the
-- record of processing that needs consent, optionally one subscription topic, and the postcode
-- areas it is for. Its audience is never stored ahead: it is computed when the mailing is sent,
-- and fixed then in newsletter_recipients, one row (and so one message) per person per mailing.
CREATE TABLE newsletter_mailings (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  purpose_id uuid NOT NULL,
  topic_id uuid,
  -- Postcode areas ("DY"), districts ("DY1") or sectors ("DY1 4"), normalised; none: everywhere.
  postcode_areas text[] NOT NULL DEFAULT '{}' CHECK (cardinality(postcode_areas) <= 200),
  subject_sealed text NOT NULL,
  html_sealed text NOT NULL,
  text_sealed text NOT NULL,
  -- draft: being written; sending: the audience is fixed and its messages are being queued at the
  -- office's rate; sent: every recipient's message is queued (each then goes through the send job).
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'sent')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_by uuid,
  send_started_at timestamptz,
  queued_at timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, purpose_id) REFERENCES processing_purposes (office_id, id),
  FOREIGN KEY (office_id, topic_id) REFERENCES subscription_topics (office_id, id),
  FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
  FOREIGN KEY (office_id, sent_by) REFERENCES users (office_id, id),
  CHECK ((state = 'draft') = (send_started_at IS NULL)),
  CHECK ((state = 'sent') = (queued_at IS NOT NULL))
);
CREATE INDEX newsletter_mailings_list ON newsletter_mailings (office_id, created_at DESC, id);
SELECT postbag_isolate('newsletter_mailings');

-- Who a mailing went to, fixed when it was sent. message_id is the e-mail queued for them through
-- the one send path; NULL while it waits for its turn (the rate), and when the one check refused
-- them at queueing time (refused_at: consent withdrawn, an objection or suppression since the
-- audience was fixed). Deleting the person (erasure) takes the row; the message goes with them.
CREATE TABLE newsletter_recipients (
  office_id uuid NOT NULL,
  mailing_id uuid NOT NULL,
  person_id uuid NOT NULL,
  message_id uuid,
  refused_at timestamptz,
  PRIMARY KEY (office_id, mailing_id, person_id),
  FOREIGN KEY (office_id, mailing_id) REFERENCES newsletter_mailings (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id) ON DELETE SET NULL (message_id),
  CHECK (message_id IS NULL OR refused_at IS NULL)
);
-- The next recipients to queue, in key order, and a person's rows (merge, erasure).
CREATE INDEX newsletter_recipients_waiting ON newsletter_recipients (office_id, mailing_id, person_id) WHERE message_id IS NULL AND refused_at IS NULL;
CREATE INDEX newsletter_recipients_person ON newsletter_recipients (office_id, person_id);
CREATE UNIQUE INDEX newsletter_recipients_message ON newsletter_recipients (office_id, message_id) WHERE message_id IS NOT NULL;
SELECT postbag_isolate('newsletter_recipients');

-- The office's sending rate for mailings, in messages a minute. No row: the default (config).
CREATE TABLE newsletter_settings (
  office_id uuid NOT NULL REFERENCES offices (id),
  messages_per_minute integer NOT NULL CHECK (messages_per_minute BETWEEN 1 AND 60000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id)
);
SELECT postbag_isolate('newsletter_settings');

-- Placed on Citus as 0030 places every office table (its comments say why the keys go first).
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
  PERFORM create_distributed_table('newsletter_mailings', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('newsletter_recipients', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('newsletter_settings', 'office_id', colocate_with => 'persons');
  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
