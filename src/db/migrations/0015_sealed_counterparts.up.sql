-- A message's sender or recipient (address and name) is sealed with the message's key, like its
-- text, so that erasing the message destroys it in every backup too. Nothing looks a message up
-- by its counterpart (matching uses contact points), so no keyed hash column is needed. Plain
-- values from before this migration are sealed at start-up (correspondence's
-- sealLegacyCounterparts), which then clears the plain columns.
ALTER TABLE messages
  ADD COLUMN counterpart_address_sealed text CHECK (counterpart_address_sealed ~ '^k[1-9][0-9]*\.'),
  ADD COLUMN counterpart_name_sealed text CHECK (counterpart_name_sealed ~ '^k[1-9][0-9]*\.');
-- Values the down migration parked, still sealed (k<generation>.v1.<iv>.<tag>.<ciphertext>, which
-- no address, number, handle or name looks like), go back where they were.
UPDATE messages SET counterpart_address_sealed = counterpart_address, counterpart_address = NULL
  WHERE counterpart_address ~ '^k[1-9][0-9]*\.v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$';
UPDATE messages SET counterpart_name_sealed = counterpart_name, counterpart_name = NULL
  WHERE counterpart_name ~ '^k[1-9][0-9]*\.v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$';
-- Start-up asks which offices still hold plain counterparts; once all are sealed, this index is
-- empty, so the question costs nothing however many messages there are.
CREATE INDEX messages_plain_counterpart ON messages (office_id) WHERE counterpart_address IS NOT NULL OR counterpart_name IS NOT NULL;
