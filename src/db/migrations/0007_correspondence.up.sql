-- Correspondence (issue 4): every message in and out (e-mail, web form, phone, letter, social
-- media), their attachments, the inbox, the office's templates and letterhead, the mailboxes it
-- polls, and the postcodes of its constituency.
--
-- A message's subject, text and attachments are sealed in the application with a data key of the
-- message's own (the key store keeps it under the message id), like a case's text: what
-- constituents write is special category data as often as not (DESIGN.md, invariant 3).

CREATE TABLE messages (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  channel text NOT NULL CHECK (channel IN ('email', 'web_form', 'phone', 'letter', 'social_media')),
  -- In: 'inbox' until triaged, then 'filed' (on a case) or 'archived' (needs no case).
  -- Out: 'queued' until the SMTP server accepts it ('sent'); an e-mail whose send job failed
  -- reads as failed from the job (outbound/repo.ts), as a failing job's writes roll back;
  -- letters and notes of calls made are 'sent' when written.
  state text NOT NULL CHECK (
    (direction = 'in' AND state IN ('inbox', 'filed', 'archived')) OR
    (direction = 'out' AND state IN ('queued', 'sent'))),
  person_id uuid,
  case_id uuid,
  assignee_user_id uuid,
  -- E-mail threading: the RFC 5322 Message-ID (without angle brackets) and those it answers.
  internet_message_id text CHECK (length(internet_message_id) BETWEEN 1 AND 998),
  in_reply_to text,
  reference_ids text[] NOT NULL DEFAULT '{}',
  -- SHA-256 (hex) of what arrived: a message imported twice is stored once.
  content_hash text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  -- The sender's or recipient's e-mail address, phone number or handle, normalised; a name as given.
  counterpart_address text,
  counterpart_name text,
  to_addresses text[] NOT NULL DEFAULT '{}',
  subject_sealed text CHECK (subject_sealed ~ '^k[1-9][0-9]*\.'),
  body_sealed text CHECK (body_sealed ~ '^k[1-9][0-9]*\.'),
  -- The HTML part as received; shown only after sanitising.
  html_sealed text CHECK (html_sealed ~ '^k[1-9][0-9]*\.'),
  -- When it was written, sent or the call took place (the Date header for e-mail).
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  out_of_constituency boolean NOT NULL DEFAULT false,
  attachment_count integer NOT NULL DEFAULT 0 CHECK (attachment_count >= 0),
  -- Channel details without personal data beyond the address: platform, call length, ...
  detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
  created_by uuid,
  sent_at timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id),
  FOREIGN KEY (office_id, assignee_user_id) REFERENCES users (office_id, id),
  FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
  CHECK (state <> 'filed' OR case_id IS NOT NULL)
);
CREATE UNIQUE INDEX messages_internet_id ON messages (office_id, internet_message_id) WHERE internet_message_id IS NOT NULL;
CREATE UNIQUE INDEX messages_content_hash ON messages (office_id, content_hash) WHERE content_hash IS NOT NULL;
-- The inbox, newest first; ids are time-ordered, so id order is arrival order.
CREATE INDEX messages_inbox ON messages (office_id, id DESC) WHERE state = 'inbox';
CREATE INDEX messages_case ON messages (office_id, case_id, occurred_at) WHERE case_id IS NOT NULL;
CREATE INDEX messages_person ON messages (office_id, person_id) WHERE person_id IS NOT NULL;
SELECT postbag_isolate('messages');

CREATE TABLE attachments (
  office_id uuid NOT NULL,
  id uuid NOT NULL,
  message_id uuid NOT NULL,
  filename_sealed text NOT NULL CHECK (filename_sealed ~ '^k[1-9][0-9]*\.'),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Sealed with the message's key; read only when the file is asked for.
  content_sealed text NOT NULL CHECK (content_sealed ~ '^k[1-9][0-9]*\.'),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id) ON DELETE CASCADE
);
CREATE INDEX attachments_message ON attachments (office_id, message_id);
SELECT postbag_isolate('attachments');

-- A message on a case's timeline.
ALTER TABLE case_events ADD COLUMN message_id uuid,
  ADD FOREIGN KEY (office_id, message_id) REFERENCES messages (office_id, id);
CREATE UNIQUE INDEX case_events_message ON case_events (office_id, message_id) WHERE message_id IS NOT NULL;

-- The office's constituency, for the contact form: normalised postcodes ("SW1A 1AA").
CREATE TABLE constituency_postcodes (
  office_id uuid NOT NULL REFERENCES offices (id),
  postcode text NOT NULL CHECK (postcode = upper(btrim(postcode))),
  PRIMARY KEY (office_id, postcode)
);
SELECT postbag_isolate('constituency_postcodes');

-- E-mail and letter templates with merge fields ({{constituent.name}}, {{case.reference}}, ...).
CREATE TABLE message_templates (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120 AND name = btrim(name)),
  channel text NOT NULL CHECK (channel IN ('email', 'letter')),
  subject text NOT NULL DEFAULT '' CHECK (length(subject) <= 300),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
CREATE UNIQUE INDEX message_templates_name ON message_templates (office_id, lower(name));
SELECT postbag_isolate('message_templates');

-- How the office writes: the address e-mail comes from, the member's signature, the letterhead.
CREATE TABLE office_correspondence (
  office_id uuid PRIMARY KEY REFERENCES offices (id),
  from_address text,
  signature text NOT NULL DEFAULT '',
  letterhead_address text NOT NULL DEFAULT '',
  logo bytea,
  logo_type text CHECK (logo_type IN ('image/png', 'image/jpeg')),
  privacy_notice_url text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((logo IS NULL) = (logo_type IS NULL))
);
SELECT postbag_isolate('office_correspondence');

-- Mailboxes the office polls over IMAP. The password is sealed with a key kept under the mailbox id.
CREATE TABLE mailboxes (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  host text NOT NULL,
  port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  tls boolean NOT NULL,
  username text NOT NULL,
  password_sealed text NOT NULL CHECK (password_sealed ~ '^k[1-9][0-9]*\.'),
  folder text NOT NULL DEFAULT 'INBOX',
  -- Where the last poll got to: messages up to last_uid of this uid_validity are stored.
  uid_validity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  polled_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
SELECT postbag_isolate('mailboxes');
