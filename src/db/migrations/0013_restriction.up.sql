-- Restriction of processing (UK GDPR Article 18), set and lifted by the data protection lead.
-- The reason is one of the Article's four grounds, never free text: a note here would be
-- personal data kept outside what the person-data map and erasure know about.
ALTER TABLE persons
  ADD COLUMN restricted_at timestamptz,
  ADD COLUMN restricted_by uuid,
  ADD COLUMN restriction_reason text,
  ADD CONSTRAINT persons_restriction_reason CHECK (restriction_reason IN ('accuracy_contested', 'unlawful_processing', 'legal_claims', 'objection_pending')),
  ADD CONSTRAINT persons_restriction_whole CHECK (
    (restricted_at IS NULL) = (restricted_by IS NULL) AND (restricted_at IS NULL) = (restriction_reason IS NULL)
  ),
  ADD CONSTRAINT persons_restricted_by FOREIGN KEY (office_id, restricted_by) REFERENCES users (office_id, id);
