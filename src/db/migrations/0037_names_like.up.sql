-- Names like the words typed (search's typo fallback) by a trigram index. Under row level security
-- the planner may use a condition as an index condition only if its operators are leakproof, and
-- pg_trgm's are not: the fallback read every person of the office (about 160 ms at 100,000).
-- So the index search runs in a SECURITY DEFINER function owned by the tables' owner (who is
-- bound by no policy: a superuser or BYPASSRLS, db/checks.ts), which takes the office from the
-- request's own app.office_id, never from its caller, and answers only person ids and scores;
-- the request reads the names under row level security as before.

-- btree_gin puts the office in the trigram index (Citus: every index names office_id). Trusted,
-- like pg_trgm: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX persons_name_trigrams ON persons USING gin (office_id, given_key gin_trgm_ops, family_key gin_trgm_ops);

-- The people of the request's office each of whose words is like (word similarity of at least
-- `floor`) their given or family name, best first: at most `max_rows`, with their likeness (the
-- mean over the words of the better of the two). One condition per word, so every word narrows
-- the index search.
CREATE FUNCTION postbag_persons_named_like(words text[], floor real, max_rows integer)
RETURNS TABLE (person_id uuid, likeness float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
-- Restored on return, so the set_config below does not outlive the call.
SET pg_trgm.word_similarity_threshold = 0.6 AS $$
DECLARE
  office uuid := public.app_office_id();
  alike text := '';
  score text := '';
BEGIN
  IF office IS NULL OR coalesce(cardinality(words), 0) = 0 THEN RETURN; END IF;
  FOR i IN 1 .. cardinality(words) LOOP
    alike := alike || format(' AND (p.given_key OPERATOR(public.%%>) $1[%1$s] OR p.family_key OPERATOR(public.%%>) $1[%1$s])', i)
      || format(' AND greatest(public.word_similarity($1[%1$s], p.given_key), public.word_similarity($1[%1$s], p.family_key)) >= $2', i);
    score := score || CASE WHEN i > 1 THEN ' + ' ELSE '' END
      || format('greatest(public.word_similarity($1[%1$s], p.given_key), public.word_similarity($1[%1$s], p.family_key))', i);
  END LOOP;
  -- The operators' threshold, for the index; the exact floor is checked beside it.
  PERFORM set_config('pg_trgm.word_similarity_threshold', floor::text, true);
  RETURN QUERY EXECUTE format(
    'SELECT p.id, ((%s) / %s)::float8 AS likeness FROM public.persons p WHERE p.office_id = $3%s ORDER BY 2 DESC, 1 LIMIT $4',
    score, cardinality(words), alike)
  USING words, floor, office, max_rows;
END $$;

REVOKE EXECUTE ON FUNCTION postbag_persons_named_like(text[], real, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION postbag_persons_named_like(text[], real, integer) TO postbag_app;
