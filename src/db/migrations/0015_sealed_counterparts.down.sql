DROP INDEX messages_plain_counterpart;
-- SQL cannot open the sealed values, and must not lose them: they wait, still sealed, in the plain
-- columns (where the version below shows them as they are), and the up migration moves them back.
UPDATE messages SET
  counterpart_address = coalesce(counterpart_address_sealed, counterpart_address),
  counterpart_name = coalesce(counterpart_name_sealed, counterpart_name);
ALTER TABLE messages DROP COLUMN counterpart_address_sealed, DROP COLUMN counterpart_name_sealed;
