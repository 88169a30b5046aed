-- People: contact points, where each datum came from, flags, encrypted identifiers, organisations
-- (issue 3). E-mail addresses and postcodes move out of persons into contact_points, where each
-- one carries its own source and collection time (DESIGN.md, invariant 2).

-- How a datum was collected. One definition, used by every table that records a source.
CREATE DOMAIN datum_source AS text CHECK (VALUE IN (
  'email', 'letter', 'phone', 'web_form', 'social_media', 'event', 'survey', 'petition', 'donation',
  'electoral_register', 'third_party_referral', 'public_source'));

ALTER TABLE persons ALTER COLUMN source TYPE datum_source;
ALTER TABLE persons
  ADD CONSTRAINT persons_given_name_length CHECK (length(given_name) BETWEEN 1 AND 200),
  ADD CONSTRAINT persons_family_name_length CHECK (length(family_name) BETWEEN 1 AND 200),
  -- Referred by someone else: not to be contacted for anything beyond the referral until they
  -- confirm they are happy to be (then contact_confirmed_at and how they confirmed).
  ADD COLUMN referred_by_third_party boolean NOT NULL DEFAULT false,
  ADD COLUMN contact_confirmed_at timestamptz,
  ADD COLUMN contact_confirmed_source datum_source,
  ADD CONSTRAINT persons_contact_confirmation CHECK ((contact_confirmed_at IS NULL) = (contact_confirmed_source IS NULL)),
  ADD COLUMN deceased boolean NOT NULL DEFAULT false,
  ADD COLUMN do_not_contact boolean NOT NULL DEFAULT false,
  ADD COLUMN out_of_constituency boolean NOT NULL DEFAULT false,
  -- A child: marked by staff, or under 18 by the (encrypted) date of birth when it was last set.
  -- The date itself never appears in clear; this flag is all the row keeps of it.
  ADD COLUMN child_marked boolean NOT NULL DEFAULT false,
  ADD COLUMN child_by_date_of_birth boolean NOT NULL DEFAULT false,
  -- Safeguarding concern.
  ADD COLUMN vulnerable boolean NOT NULL DEFAULT false,
  -- Identifiers, sealed with the person's data key by the key store ('k<generation>.v1....').
  ADD COLUMN date_of_birth_sealed text CHECK (date_of_birth_sealed ~ '^k[1-9][0-9]*\.'),
  ADD COLUMN ni_number_sealed text CHECK (ni_number_sealed ~ '^k[1-9][0-9]*\.'),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Ways to reach a person. `value` is normalised, so that incoming contacts can be matched on it:
-- e-mail in lower case, phone in E.164, an address as one line ending in its postcode, a social
-- handle in lower case without a leading '@'.
CREATE TABLE contact_points (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('email', 'phone', 'postal_address', 'social_handle')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 1500),
  address_lines jsonb CHECK (jsonb_typeof(address_lines) = 'array'),
  postcode text CHECK (postcode = upper(postcode) AND length(postcode) BETWEEN 5 AND 8),
  platform text CHECK (length(platform) BETWEEN 1 AND 50),
  preferred boolean NOT NULL DEFAULT false,
  source datum_source NOT NULL,
  collected_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id) ON DELETE CASCADE,
  CHECK ((kind = 'postal_address') = (address_lines IS NOT NULL AND postcode IS NOT NULL)),
  CHECK ((kind = 'social_handle') = (platform IS NOT NULL)),
  CHECK (kind NOT IN ('email', 'social_handle') OR value = lower(value)),
  CHECK (kind <> 'phone' OR value ~ '^\+[1-9][0-9]{6,14}$')
);
-- At most one preferred contact point of each kind per person.
CREATE UNIQUE INDEX contact_points_one_preferred ON contact_points (office_id, person_id, kind) WHERE preferred;
-- The same address, number or handle once per person.
CREATE UNIQUE INDEX contact_points_distinct ON contact_points (office_id, person_id, kind, coalesce(platform, ''), value);
-- Matching an incoming contact (an e-mail address, a number) to people; postcode look-ups.
CREATE INDEX contact_points_value ON contact_points (office_id, kind, value);
CREATE INDEX contact_points_postcode ON contact_points (office_id, postcode) WHERE postcode IS NOT NULL;
SELECT postbag_isolate('contact_points');

-- What persons held so far becomes each person's preferred e-mail and (postcode only) address.
INSERT INTO contact_points (office_id, person_id, kind, value, preferred, source, collected_at)
  SELECT office_id, id, 'email', lower(btrim(email)), true, source, collected_at
  FROM persons WHERE nullif(btrim(email), '') IS NOT NULL;
INSERT INTO contact_points (office_id, person_id, kind, value, address_lines, postcode, preferred, source, collected_at)
  SELECT office_id, id, 'postal_address', upper(btrim(postcode)), '[]', upper(btrim(postcode)), true, source, collected_at
  FROM persons WHERE nullif(btrim(postcode), '') IS NOT NULL;
ALTER TABLE persons DROP COLUMN email, DROP COLUMN postcode;

CREATE TABLE organisations (
  office_id uuid NOT NULL REFERENCES offices (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('community_group', 'charity', 'school', 'faith_group', 'business', 'public_body',
    'government_agency', 'local_council', 'nhs_trust', 'other')),
  source datum_source NOT NULL,
  collected_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
CREATE INDEX organisations_name ON organisations (office_id, lower(name));
SELECT postbag_isolate('organisations');

CREATE TABLE organisation_memberships (
  office_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  person_id uuid NOT NULL,
  role text CHECK (length(role) BETWEEN 1 AND 200),
  source datum_source NOT NULL,
  collected_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, organisation_id, person_id),
  FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES persons (office_id, id) ON DELETE CASCADE
);
CREATE INDEX organisation_memberships_person ON organisation_memberships (office_id, person_id);
SELECT postbag_isolate('organisation_memberships');
