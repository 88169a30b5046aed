-- SQL cannot open the sealed values: below this migration, messages sealed since show no counterpart.
ALTER TABLE messages DROP COLUMN counterpart_address_sealed, DROP COLUMN counterpart_name_sealed;
