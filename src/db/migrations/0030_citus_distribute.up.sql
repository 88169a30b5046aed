-- A deployment for many offices runs on Citus (docs/ARCHITECTURE.md, "Deployment for many
-- offices"): every office table is sharded by office_id, all co-located, so that one office's rows
-- of every table sit on one node and a request's joins run there; the tables src/db/citus.ts
-- names are reference tables (a copy on every node) or stay on the coordinator. Where the citus
-- extension is not installed (PGlite, plain PostgreSQL) this migration changes nothing.
-- src/db/citus-ready.test.ts fails unless every table is placed here, or by a later migration
-- in the same way, exactly once.

-- Citus checks a foreign key against the placement of both its tables when the key is made, and
-- placing the tables one by one would meet keys to tables not placed yet: so the keys are dropped
-- first and made again once every table is placed. Returns the statements that make them again.
CREATE FUNCTION postbag_drop_foreign_keys() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
  fk record;
  restore text[] := '{}';
BEGIN
  FOR fk IN
    SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conrelid::regclass::text, conname
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
    restore := restore || format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.tbl, fk.conname, fk.def);
  END LOOP;
  RETURN restore;
END $$;
REVOKE EXECUTE ON FUNCTION postbag_drop_foreign_keys() FROM PUBLIC;

DO $$
DECLARE
  restore text[];
  statement text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  -- The audit log's append-only triggers run on its shards; and foreign keys to reference tables
  -- made in the same transaction as the shards must be made one shard at a time.
  PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  restore := postbag_drop_foreign_keys();

  PERFORM create_reference_table('offices');
  PERFORM create_reference_table('users');
  PERFORM citus_add_local_table_to_metadata('jobs');
  PERFORM citus_add_local_table_to_metadata('sign_in_failures');

  PERFORM create_distributed_table('persons', 'office_id', colocate_with => 'none');
  PERFORM create_distributed_table('attachments', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('audit_heads', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('audit_log', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('campaign_groups', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('campaign_members', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_access', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_agencies', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_constituents', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_events', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_search_terms', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_sharing_consents', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('case_topics', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('cases', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('constituency_postcodes', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('contact_points', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('mailboxes', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('message_drafts', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('message_templates', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('messages', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('office_correspondence', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('office_counters', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('organisation_memberships', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('organisations', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('person_merges', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('processing_purposes', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('recovery_codes', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('sessions', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('staff_invites', 'office_id', colocate_with => 'persons');
  PERFORM create_distributed_table('topics', 'office_id', colocate_with => 'persons');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;
