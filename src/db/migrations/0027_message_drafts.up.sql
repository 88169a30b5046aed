-- A draft e-mail or letter saved on a case (issue 11), to resume, hand to a colleague, send or
-- discard. Its words (and an e-mail's address) are sealed with the case's key, like the case's own
-- text, so erasing the case makes them unreadable. `version` counts saves: saving over a version
-- someone else has replaced is refused.
CREATE TABLE message_drafts (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  case_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'letter')),
  -- The template it was filled from, recorded on the message when it is sent.
  template_id uuid,
  -- An e-mail's address when not the lead constituent's preferred one.
  to_sealed text CHECK (to_sealed ~ '^k[1-9][0-9]*\.'),
  -- A letter to an agency on the case; null: to the lead constituent.
  to_organisation_id uuid,
  -- The agency it is about ({{agency.name}}).
  agency_id uuid,
  subject_sealed text CHECK (subject_sealed ~ '^k[1-9][0-9]*\.'),
  body_sealed text NOT NULL CHECK (body_sealed ~ '^k[1-9][0-9]*\.'),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, template_id) REFERENCES message_templates (office_id, id),
  FOREIGN KEY (office_id, to_organisation_id) REFERENCES organisations (office_id, id),
  FOREIGN KEY (office_id, agency_id) REFERENCES organisations (office_id, id),
  FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
  FOREIGN KEY (office_id, updated_by) REFERENCES users (office_id, id),
  CHECK (channel = 'email' OR to_sealed IS NULL),
  CHECK (channel = 'letter' OR to_organisation_id IS NULL)
);
CREATE INDEX message_drafts_case ON message_drafts (office_id, case_id, updated_at);
SELECT postbag_isolate('message_drafts');
