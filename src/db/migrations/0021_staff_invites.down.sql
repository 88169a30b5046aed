DROP INDEX sessions_user_created;
DROP FUNCTION postbag_office_of_invite(bytea);
DROP TABLE staff_invites;
