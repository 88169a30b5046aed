-- Every table back to an ordinary one on the coordinator (its rows brought back from the shards),
-- where the citus extension is installed; elsewhere only the helper goes.
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

  PERFORM undistribute_table('topics');
  PERFORM undistribute_table('staff_invites');
  PERFORM undistribute_table('sessions');
  PERFORM undistribute_table('recovery_codes');
  PERFORM undistribute_table('processing_purposes');
  PERFORM undistribute_table('person_merges');
  PERFORM undistribute_table('organisations');
  PERFORM undistribute_table('organisation_memberships');
  PERFORM undistribute_table('office_counters');
  PERFORM undistribute_table('office_correspondence');
  PERFORM undistribute_table('messages');
  PERFORM undistribute_table('message_templates');
  PERFORM undistribute_table('message_drafts');
  PERFORM undistribute_table('mailboxes');
  PERFORM undistribute_table('contact_points');
  PERFORM undistribute_table('constituency_postcodes');
  PERFORM undistribute_table('cases');
  PERFORM undistribute_table('case_topics');
  PERFORM undistribute_table('case_sharing_consents');
  PERFORM undistribute_table('case_search_terms');
  PERFORM undistribute_table('case_events');
  PERFORM undistribute_table('case_constituents');
  PERFORM undistribute_table('case_agencies');
  PERFORM undistribute_table('case_access');
  PERFORM undistribute_table('campaign_members');
  PERFORM undistribute_table('campaign_groups');
  PERFORM undistribute_table('audit_log');
  PERFORM undistribute_table('audit_heads');
  PERFORM undistribute_table('attachments');
  PERFORM undistribute_table('persons');

  PERFORM undistribute_table('sign_in_failures');
  PERFORM undistribute_table('jobs');
  PERFORM undistribute_table('users');
  PERFORM undistribute_table('offices');

  FOREACH statement IN ARRAY restore LOOP
    EXECUTE statement;
  END LOOP;
END $$;

DROP FUNCTION postbag_drop_foreign_keys();
