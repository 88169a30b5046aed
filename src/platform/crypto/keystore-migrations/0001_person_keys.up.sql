-- The key store: one data key per person, wrapped by their office's key (DESIGN.md, invariant 3).
-- It lives in its own database so that backups of the main database hold only ciphertext, and
-- destroying a person's key here makes every copy of their encrypted data unreadable.

CREATE TABLE person_keys (
  office_id uuid NOT NULL,
  person_id uuid NOT NULL,
  -- Counts the keys this person has had: a key made after an erasure gets the next number, and
  -- ciphertexts name the generation they were sealed under, so older ones stay unreadable.
  generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1),
  -- AES-256-GCM under the office key; NULL once destroyed.
  wrapped_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz,
  PRIMARY KEY (office_id, person_id),
  CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
