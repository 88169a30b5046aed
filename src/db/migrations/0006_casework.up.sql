-- Casework (issue 3): topics, constituents and agencies of a case, the status workflow and its
-- outcome, the timeline (notes, tasks, agency contacts, status changes), consent to share with
-- agencies, special category flags with their Article 9 condition, and the search index.
--
-- A case's free text (summary, notes, outcome note, task titles) is special category data as
-- often as not, so it is sealed in the application with a data key of the case's own (the key
-- store holds it under the case id; DESIGN.md, invariant 3). Search reaches it through
-- case_search_terms: keyed hashes of word prefixes, never the words.

CREATE TABLE topics (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80 AND name = btrim(name)),
  -- A retired topic stays on the cases that have it but is no longer offered.
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
CREATE UNIQUE INDEX topics_name ON topics (office_id, lower(name));
SELECT postbag_isolate('topics');

-- Offices that exist already get the usual list; new offices get it from the application.
INSERT INTO topics (office_id, name)
  SELECT o.id, t.name FROM offices o CROSS JOIN (VALUES ('Housing'), ('Benefits'), ('Immigration'), ('Health'), ('Education'),
    ('Crime'), ('Transport'), ('Tax'), ('Planning'), ('Environment')) AS t (name);

-- Legacy plaintext summaries are sealed by the application at start-up (casework/legacy.ts),
-- then summary stays NULL for good.
ALTER TABLE cases ALTER COLUMN summary DROP NOT NULL;
ALTER TABLE cases
  ADD COLUMN summary_sealed text CHECK (summary_sealed ~ '^k[1-9][0-9]*\.'),
  ADD CONSTRAINT cases_summary_once CHECK ((summary IS NULL) <> (summary_sealed IS NULL)),
  ADD COLUMN due_on date,
  ADD COLUMN outcome text CHECK (outcome IN ('resolved', 'partly_resolved', 'not_resolved', 'withdrawn', 'not_for_member')),
  ADD COLUMN outcome_note_sealed text CHECK (outcome_note_sealed ~ '^k[1-9][0-9]*\.'),
  ADD COLUMN closed_at timestamptz,
  -- A closed case has its outcome; an open one has none.
  ADD CONSTRAINT cases_closed_outcome CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL)),
  -- The special categories the case's text has mentioned (which words: worked out from the text
  -- when the case is read, as they are themselves special category data).
  ADD COLUMN special_categories text[] NOT NULL DEFAULT '{}',
  ADD COLUMN article9_condition text CHECK (article9_condition IN ('explicit_consent', 'dpa_sch1_para23', 'not_special_category')),
  ADD COLUMN article9_recorded_at timestamptz,
  ADD COLUMN article9_recorded_by uuid,
  ADD CONSTRAINT cases_article9_recorded CHECK ((article9_condition IS NULL) = (article9_recorded_at IS NULL)),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD FOREIGN KEY (office_id, article9_recorded_by) REFERENCES users (office_id, id);
CREATE INDEX cases_person ON cases (office_id, person_id);
CREATE INDEX cases_status ON cases (office_id, status, opened_at DESC, id);
CREATE INDEX cases_due ON cases (office_id, due_on) WHERE status <> 'closed';

-- Every constituent on the case, the lead one (cases.person_id) included.
CREATE TABLE case_constituents (
  office_id uuid NOT NULL,
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  PRIMARY KEY (office_id, case_id, person_id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id)
);
CREATE INDEX case_constituents_person ON case_constituents (office_id, person_id);
SELECT postbag_isolate('case_constituents');
INSERT INTO case_constituents (office_id, case_id, person_id) SELECT office_id, id, person_id FROM cases;

CREATE TABLE case_topics (
  office_id uuid NOT NULL,
  case_id uuid NOT NULL,
  topic_id uuid NOT NULL,
  PRIMARY KEY (office_id, case_id, topic_id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, topic_id) REFERENCES topics (office_id, id)
);
CREATE INDEX case_topics_topic ON case_topics (office_id, topic_id);
SELECT postbag_isolate('case_topics');

-- The agencies (organisations) a case involves, with the agency's own reference for it.
CREATE TABLE case_agencies (
  office_id uuid NOT NULL,
  case_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  agency_reference text CHECK (length(agency_reference) BETWEEN 1 AND 100),
  PRIMARY KEY (office_id, case_id, organisation_id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id)
);
SELECT postbag_isolate('case_agencies');

-- Whether a constituent agreed that the office may share their details with an agency of the
-- case, how and when. A later answer for the same pair supersedes the earlier one, which stays.
CREATE TABLE case_sharing_consents (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  agreed boolean NOT NULL,
  method text NOT NULL CHECK (method IN ('in_writing', 'email', 'web_form', 'phone', 'in_person')),
  given_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id),
  FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
  FOREIGN KEY (office_id, recorded_by) REFERENCES users (office_id, id)
);
CREATE INDEX case_sharing_consents_case ON case_sharing_consents (office_id, case_id, recorded_at);
SELECT postbag_isolate('case_sharing_consents');

-- The timeline. `detail` holds ids and codes only (statuses, a direction); any text is sealed.
CREATE TABLE case_events (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('opened', 'note', 'task', 'agency_contact', 'status_change', 'message')),
  actor_user_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  text_sealed text CHECK (text_sealed ~ '^k[1-9][0-9]*\.'),
  detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
  organisation_id uuid,
  -- Tasks only.
  assignee_user_id uuid,
  due_on date,
  remind_at timestamptz,
  reminded_at timestamptz,
  done_at timestamptz,
  done_by uuid,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, actor_user_id) REFERENCES users (office_id, id),
  FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
  FOREIGN KEY (office_id, assignee_user_id) REFERENCES users (office_id, id),
  FOREIGN KEY (office_id, done_by) REFERENCES users (office_id, id),
  CHECK (kind = 'task' OR (assignee_user_id IS NULL AND due_on IS NULL AND remind_at IS NULL AND done_at IS NULL)),
  CHECK ((done_at IS NULL) = (done_by IS NULL)),
  CHECK (kind <> 'agency_contact' OR organisation_id IS NOT NULL)
);
CREATE INDEX case_events_case ON case_events (office_id, case_id, at, id);
CREATE INDEX case_events_open_tasks ON case_events (office_id, assignee_user_id, due_on) WHERE kind = 'task' AND done_at IS NULL;
SELECT postbag_isolate('case_events');
INSERT INTO case_events (office_id, case_id, kind, at) SELECT office_id, id, 'opened', opened_at FROM cases;

-- Search over sealed text: one row per distinct keyed hash of a word prefix in the case's text.
CREATE TABLE case_search_terms (
  office_id uuid NOT NULL,
  term bigint NOT NULL,
  case_id uuid NOT NULL,
  PRIMARY KEY (office_id, term, case_id),
  FOREIGN KEY (office_id, case_id) REFERENCES cases (office_id, id) ON DELETE CASCADE
);
CREATE INDEX case_search_terms_case ON case_search_terms (office_id, case_id);
SELECT postbag_isolate('case_search_terms');

-- Search-as-you-type. People by the beginnings of their names, given name first or family name
-- first. Under row level security only leakproof operators may become index conditions, which
-- rules out lower() and LIKE: so the names are kept in lower case in columns of their own, and a
-- prefix is searched as a range (>= 'mar' AND < 'mas') in byte order (COLLATE "C"), which also
-- lets a page stop after ten index entries.
ALTER TABLE persons
  ADD COLUMN given_key text GENERATED ALWAYS AS (lower(given_name)) STORED,
  ADD COLUMN family_key text GENERATED ALWAYS AS (lower(family_name)) STORED;
CREATE INDEX persons_family_given ON persons (office_id, family_key COLLATE "C", given_key COLLATE "C", id);
CREATE INDEX persons_given_family ON persons (office_id, given_key COLLATE "C", family_key COLLATE "C", id);
-- Organisations by any part of their name (a few thousand rows at most).
CREATE INDEX organisations_name_trgm ON organisations USING gin (name gin_trgm_ops);
-- Contact points: equality (matching) and prefix (search) on one index each, in byte order.
DROP INDEX contact_points_value;
CREATE INDEX contact_points_value ON contact_points (office_id, kind, value COLLATE "C");
DROP INDEX contact_points_postcode;
CREATE INDEX contact_points_postcode ON contact_points (office_id, postcode COLLATE "C", person_id) WHERE postcode IS NOT NULL;
-- The case list and search results, most recently worked on first; either direction.
CREATE INDEX cases_updated ON cases (office_id, updated_at DESC, id);
CREATE INDEX cases_due_all ON cases (office_id, due_on, opened_at DESC, id);
-- A caseworker's cases in hand, soonest due first.
CREATE INDEX cases_owner_active ON cases (office_id, owner_user_id, due_on, opened_at DESC, id) WHERE status <> 'closed';
