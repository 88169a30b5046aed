DROP TABLE case_access;
DROP TABLE cases;
DROP TABLE office_counters;
DROP TABLE persons;
DROP TABLE audit_heads;
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE offices;
DROP FUNCTION postbag_isolate(regclass, text);
DROP FUNCTION app_office_id();
-- postbag_app is cluster-wide and may serve other databases: it is left in place.
