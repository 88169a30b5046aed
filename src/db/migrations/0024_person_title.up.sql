-- How a constituent is addressed ("Ms", "Dr", "Revd"): letters open "Dear Ms Khan". Optional,
-- as people write it; Postbag never guesses it from a name.
ALTER TABLE persons ADD COLUMN title text CHECK (length(title) <= 30);
