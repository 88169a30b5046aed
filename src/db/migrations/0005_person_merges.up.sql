-- A merge of two records of one person, kept so that it can be explained later: which record was
-- kept, which was folded into it (its id only: the row is gone), who did it, when, and what moved.
CREATE TABLE person_merges (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kept_person_id uuid NOT NULL,
  merged_person_id uuid NOT NULL,
  merged_by_user_id uuid NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  -- counts of what moved to the kept record, e.g. {"contactPoints": 2, "cases": 1}
  moved jsonb NOT NULL,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, kept_person_id) REFERENCES persons (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, merged_by_user_id) REFERENCES users (office_id, id),
  CHECK (kept_person_id <> merged_person_id)
);
CREATE INDEX person_merges_kept ON person_merges (office_id, kept_person_id);
SELECT postbag_isolate('person_merges');
