-- Trigram similarity for matching an incoming contact's name to people at the same postcode (and,
-- later, for search). pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
