DROP TABLE jobs;
DROP FUNCTION jobs_office_guard();
