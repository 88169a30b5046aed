-- A message's sender or recipient (address and name) is sealed with the message's key, like its
-- text, so that erasing the message destroys it in every backup too. Nothing looks a message up
-- by its counterpart (matching uses contact points), so no keyed hash column is needed. Rows from
-- before this migration are sealed at start-up (correspondence's sealLegacyCounterparts), which
-- then clears the plain columns.
ALTER TABLE messages
  ADD COLUMN counterpart_address_sealed text CHECK (counterpart_address_sealed ~ '^k[1-9][0-9]*\.'),
  ADD COLUMN counterpart_name_sealed text CHECK (counterpart_name_sealed ~ '^k[1-9][0-9]*\.');
