DROP INDEX cases_owner_active;
DROP INDEX cases_due_all;
DROP INDEX cases_updated;
DROP INDEX contact_points_postcode;
CREATE INDEX contact_points_postcode ON contact_points (office_id, postcode) WHERE postcode IS NOT NULL;
DROP INDEX contact_points_value;
CREATE INDEX contact_points_value ON contact_points (office_id, kind, value);
DROP INDEX organisations_name_trgm;
DROP INDEX persons_given_family;
DROP INDEX persons_family_given;
ALTER TABLE persons DROP COLUMN given_key, DROP COLUMN family_key;
DROP TABLE case_search_terms;
DROP TABLE case_events;
DROP TABLE case_sharing_consents;
DROP TABLE case_agencies;
DROP TABLE case_topics;
DROP TABLE case_constituents;
DROP INDEX cases_due;
DROP INDEX cases_status;
DROP INDEX cases_person;
-- Sealed summaries cannot be opened here: they come back as a marker, not as text (the marker
-- and the sealed text side by side would break the one-or-the-other check, so that goes first).
ALTER TABLE cases DROP CONSTRAINT cases_summary_once;
UPDATE cases SET summary = '(sealed summary removed by a schema downgrade)' WHERE summary IS NULL;
ALTER TABLE cases
  DROP COLUMN summary_sealed,
  DROP COLUMN due_on,
  DROP COLUMN outcome,
  DROP COLUMN outcome_note_sealed,
  DROP COLUMN closed_at,
  DROP COLUMN special_categories,
  DROP COLUMN article9_condition,
  DROP COLUMN article9_recorded_at,
  DROP COLUMN article9_recorded_by,
  DROP COLUMN updated_at;
ALTER TABLE cases ALTER COLUMN summary SET NOT NULL;
DROP TABLE topics;
