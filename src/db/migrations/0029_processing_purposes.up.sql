-- The record of processing activities (UK GDPR Article 30, issue 13): the office's purposes, each
-- with its lawful basis, the Article 9 condition (and DPA 2018 Schedule 1 paragraph) where special
-- category data is involved, what it covers and how long it is kept. A purpose is retired, never
-- deleted, so the record shows what the office did as well as what it does.
CREATE TABLE processing_purposes (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  lawful_basis text NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests')),
  special_categories text[] NOT NULL DEFAULT '{}' CHECK (special_categories <@ ARRAY[
    'racial_or_ethnic_origin', 'political_opinions', 'religious_or_philosophical_beliefs', 'trade_union_membership',
    'genetic', 'biometric', 'health', 'sex_life_or_sexual_orientation']::text[]),
  article9_condition text CHECK (article9_condition IN (
    'explicit_consent', 'employment', 'vital_interests', 'made_public', 'legal_claims',
    'substantial_public_interest', 'health_or_social_care', 'public_health', 'archiving_or_research')),
  -- The paragraph of DPA 2018 Schedule 1 (Part 1 or 2) that the Article 9 condition relies on.
  schedule1_paragraph smallint CHECK (schedule1_paragraph BETWEEN 1 AND 28),
  data_categories text[] NOT NULL CHECK (cardinality(data_categories) BETWEEN 1 AND 40),
  data_subjects text[] NOT NULL CHECK (cardinality(data_subjects) BETWEEN 1 AND 40),
  sources text[] NOT NULL CHECK (cardinality(sources) BETWEEN 1 AND 40),
  recipients text[] NOT NULL CHECK (cardinality(recipients) <= 40),
  -- NULL: no fixed period (e.g. until the person unsubscribes); the note then says when it goes.
  retention_months integer CHECK (retention_months BETWEEN 1 AND 1200),
  retention_note text NOT NULL CHECK (length(retention_note) BETWEEN 1 AND 2000),
  consent_required boolean NOT NULL,
  -- The Postbag modules that process data for it; none for processing outside Postbag (CCTV).
  modules text[] NOT NULL DEFAULT '{}',
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK ((cardinality(special_categories) = 0) = (article9_condition IS NULL)),
  CHECK (article9_condition IS NOT NULL OR schedule1_paragraph IS NULL)
);
CREATE UNIQUE INDEX processing_purposes_name ON processing_purposes (office_id, lower(name));
SELECT postbag_isolate('processing_purposes');
