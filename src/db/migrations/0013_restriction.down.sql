-- A restriction still in force is lost with the columns: the audit log keeps who set it and when.
ALTER TABLE persons
  DROP CONSTRAINT persons_restricted_by,
  DROP CONSTRAINT persons_restriction_whole,
  DROP CONSTRAINT persons_restriction_reason,
  DROP COLUMN restriction_reason,
  DROP COLUMN restricted_by,
  DROP COLUMN restricted_at;
