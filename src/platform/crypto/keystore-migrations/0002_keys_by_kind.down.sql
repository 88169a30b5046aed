-- Back to one table of keys; the erasure journal goes (the version below has no erasure).
INSERT INTO legacy_keys SELECT * FROM person_keys ON CONFLICT DO NOTHING;
INSERT INTO legacy_keys SELECT * FROM case_keys ON CONFLICT DO NOTHING;
INSERT INTO legacy_keys SELECT * FROM message_keys ON CONFLICT DO NOTHING;
INSERT INTO legacy_keys SELECT * FROM mailbox_keys ON CONFLICT DO NOTHING;
DROP TABLE erasure_journal, mailbox_keys, message_keys, case_keys, person_keys;
ALTER TABLE legacy_keys RENAME COLUMN owner_id TO person_id;
ALTER TABLE legacy_keys RENAME TO person_keys;
