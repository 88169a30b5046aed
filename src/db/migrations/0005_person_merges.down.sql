DROP TABLE person_merges;
