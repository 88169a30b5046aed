ALTER TABLE offices DROP COLUMN caseworkers_see_all_cases;
