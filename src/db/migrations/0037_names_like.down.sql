DROP FUNCTION postbag_persons_named_like(text[], real, integer);
DROP INDEX persons_name_trigrams;
DROP EXTENSION btree_gin;
