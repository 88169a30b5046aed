-- The privacy notice, generated from the record of processing (issue 13), and what the record
-- still lacked for Article 30(1)(a) and (g).

-- The controller's details, with the office: the member is the controller (offices.member_name);
-- these say how to reach them and their data protection lead. Empty until the office fills them
-- in, and the notice is not published while any is missing.
ALTER TABLE offices
  ADD COLUMN controller_address text CHECK (length(controller_address) BETWEEN 1 AND 1000),
  ADD COLUMN controller_email text CHECK (length(controller_email) BETWEEN 3 AND 254),
  ADD COLUMN data_protection_contact text CHECK (length(data_protection_contact) BETWEEN 1 AND 1000),
  ADD COLUMN ico_registration text CHECK (ico_registration ~ '^[A-Z0-9]{6,12}$'),
  -- Article 30(1)(g): what Postbag itself does, true of every office from the start; the office
  -- adds its own (locked doors, training) in its words.
  ADD COLUMN security_measures text NOT NULL CHECK (length(security_measures) BETWEEN 1 AND 8000) DEFAULT
'Personal data is held in Postbag, the office''s casework system, which:
- encrypts special category data, identifiers (such as National Insurance numbers and dates of birth) and the text of cases and messages with a key for each person, case and message, kept apart from the main database; erasing a person destroys their keys, so copies in backups can no longer be read;
- keeps each office''s data apart from every other''s, checked a second time by the database itself (row level security);
- gives each member of staff only what their role needs, and caseworkers only the cases they work on unless the office decides otherwise;
- requires two-step verification at sign-in where the office chooses, signs people out after a period of inactivity and locks an account after repeated failed sign-ins;
- writes every reading of sensitive information, every export and every disclosure to an audit log that cannot be changed or deleted without it showing;
- deletes or minimises data when its retention period ends.';

-- A lawful basis not decided yet: the purpose can be drafted in the record, but no privacy
-- notice is published while a current purpose lacks one.
ALTER TABLE processing_purposes ALTER COLUMN lawful_basis DROP NOT NULL;

-- Every published version of the notice, kept for ever: the page exactly as it was rendered, its
-- plain text (what two versions are compared on) and the record and office details it came from.
CREATE TABLE privacy_notice_versions (
  office_id uuid NOT NULL REFERENCES offices (id),
  number integer NOT NULL CHECK (number >= 1),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid NOT NULL,
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  -- A significant change is one subscribers are told of.
  significant boolean NOT NULL,
  html text NOT NULL,
  text text NOT NULL,
  source jsonb NOT NULL,
  PRIMARY KEY (office_id, number),
  FOREIGN KEY (office_id, published_by) REFERENCES users (office_id, id)
);
SELECT postbag_isolate('privacy_notice_versions');
REVOKE UPDATE, DELETE ON privacy_notice_versions FROM postbag_app;
CREATE FUNCTION privacy_notice_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a published privacy notice is kept as it was: publish a new version instead';
END $$;
CREATE TRIGGER privacy_notice_versions_append_only BEFORE UPDATE OR DELETE ON privacy_notice_versions
  FOR EACH ROW EXECUTE FUNCTION privacy_notice_versions_append_only();
CREATE TRIGGER privacy_notice_versions_no_truncate BEFORE TRUNCATE ON privacy_notice_versions
  FOR EACH STATEMENT EXECUTE FUNCTION privacy_notice_versions_append_only();

-- On Citus, sharded with the office's other tables, as 0030 places them (its foreign keys dropped
-- while it is placed and made again).
DO $$
DECLARE
  restore text[];
  statement text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  restore := postbag_drop_foreign_keys();
  PERFORM create_distributed_table('privacy_notice_versions', 'office_id', colocate_with => 'persons');
  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
