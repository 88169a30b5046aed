-- The statutory clock of rights requests (src/platform/calendar). Bank holidays imported from a
-- file in the government's format (`postbag holidays import`), laid over the data shipped with
-- the code: an imported nation and year replaces the shipped days of that nation and year. They
-- are the same for every office, so the table has no office_id (src/db/citus.ts): every request
-- reads it, the tables' owner alone writes it.
CREATE TABLE bank_holidays (
  division text NOT NULL CHECK (division IN ('england-and-wales', 'scotland', 'northern-ireland')),
  date date NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  notes text NOT NULL DEFAULT '',
  bunting boolean NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (division, date)
);
GRANT SELECT ON bank_holidays TO postbag_app;

-- The office's nation picks its bank holidays; an office made without one is in England or Wales.
-- Its internal target for answering a rights request, in days from the clock's start (many
-- offices aim for 28, inside the statutory month).
ALTER TABLE offices ALTER COLUMN nation SET DEFAULT 'england-and-wales';
ALTER TABLE offices ADD COLUMN rights_target_days integer NOT NULL DEFAULT 28 CHECK (rights_target_days BETWEEN 1 AND 31);

-- On Citus a copy on every node, as 0030 places the tables before it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM create_reference_table('bank_holidays');
END $$;
