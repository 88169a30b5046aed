-- Delivery reports (issue 13): bounces (RFC 3464 delivery status notifications and the common
-- plain-text ones) and spam complaints (RFC 5965 feedback reports) that arrive in the office's
-- mailbox, matched by Message-ID to the e-mail they report on.

-- What the report said of one recipient of one outgoing e-mail. The report itself is not kept:
-- its own text is a mail server's words around a copy of what we sent (stored already). The
-- diagnostic is sealed with the message's key, as its send problem is (it may quote the address).
CREATE TABLE delivery_reports (
  office_id uuid NOT NULL,
  id uuid NOT NULL,
  message_id uuid NOT NULL,
  -- One of the message's to_addresses, normalised as they are.
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
  -- RFC 3464's actions, and a spam complaint (an RFC 5965 feedback report).
  action text NOT NULL CHECK (action IN ('failed', 'delayed', 'delivered', 'relayed', 'expanded', 'complaint')),
  -- RFC 3463's enhanced status code (5.x.x permanent, 4.x.x transient), when the report gives one.
  status text CHECK (status ~ '^[245]\.[0-9]{1,3}\.[0-9]{1,3}$'),
  -- A failure that will not go away by trying again: marks the address undeliverable.
  permanent boolean NOT NULL,
  diagnostic_sealed text CHECK (diagnostic_sealed ~ '^k[1-9][0-9]*\.'),
  reported_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- SHA-256 of the report as it came: the same report polled or imported again is recorded once.
  report_hash text NOT NULL CHECK (report_hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id) ON DELETE CASCADE,
  CHECK (NOT permanent OR action IN ('failed', 'complaint'))
);
CREATE UNIQUE INDEX delivery_reports_once ON delivery_reports (office_id, report_hash, message_id, recipient, action);
CREATE INDEX delivery_reports_message ON delivery_reports (office_id, message_id);
SELECT postbag_isolate('delivery_reports');

-- A report that matched no e-mail this office sent (backscatter from forged mail, or mail sent
-- from elsewhere): only that it came, counted for the office; nothing of it about anyone.
CREATE TABLE unmatched_delivery_reports (
  office_id uuid NOT NULL REFERENCES offices (id),
  report_hash text NOT NULL CHECK (report_hash ~ '^[0-9a-f]{64}$'),
  kind text NOT NULL CHECK (kind IN ('bounce', 'complaint')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, report_hash)
);
SELECT postbag_isolate('unmatched_delivery_reports');

-- An e-mail address that bounced for good: kept on the contact point, shown beside it, skipped
-- for campaign mail. The status says why (5.1.1: no such mailbox); null when the text was clear
-- but gave no code.
ALTER TABLE contact_points
  ADD COLUMN undeliverable_at timestamptz,
  ADD COLUMN undeliverable_status text CHECK (undeliverable_status ~ '^5\.[0-9]{1,3}\.[0-9]{1,3}$'),
  ADD CONSTRAINT contact_points_undeliverable_email CHECK (undeliverable_at IS NULL OR kind = 'email'),
  ADD CONSTRAINT contact_points_undeliverable_whole CHECK (undeliverable_status IS NULL OR undeliverable_at IS NOT NULL);

-- Placed on a Citus cluster as 0030 places the others (see there); elsewhere nothing happens.
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

  PERFORM create_distributed_table('delivery_reports', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('unmatched_delivery_reports', 'office_id', colocate_with => 'persons');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
