-- One table per kind of key, named for what it holds. Until now every key lived in person_keys,
-- case and message keys too, under their own ids. The key store cannot tell a case id from a
-- message id, so the old rows wait in legacy_keys until Postbag starts: the main database's
-- modules name their ids, and KeyStore.sortLegacyKeys moves each row to its table. KeyStore
-- refuses to make or use keys while legacy_keys holds rows.
ALTER TABLE person_keys RENAME TO legacy_keys;
ALTER TABLE legacy_keys RENAME COLUMN person_id TO owner_id;

CREATE TABLE person_keys (LIKE legacy_keys INCLUDING ALL);
CREATE TABLE case_keys (LIKE legacy_keys INCLUDING ALL);
CREATE TABLE message_keys (LIKE legacy_keys INCLUDING ALL);
-- A mailbox's key seals its IMAP password.
CREATE TABLE mailbox_keys (LIKE legacy_keys INCLUDING ALL);

-- Every erasure of a person, ids only, kept here because this database is not the main one: a
-- restored backup of the main database is erased again from it when Postbag starts.
CREATE TABLE erasure_journal (
  office_id uuid NOT NULL,
  person_id uuid NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, person_id)
);
