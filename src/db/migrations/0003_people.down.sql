DROP TABLE organisation_memberships;
DROP TABLE organisations;

ALTER TABLE persons ADD COLUMN email text, ADD COLUMN postcode text;
UPDATE persons p SET email = c.value
  FROM contact_points c
  WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.kind = 'email' AND c.preferred;
UPDATE persons p SET postcode = c.postcode
  FROM contact_points c
  WHERE c.office_id = p.office_id AND c.person_id = p.id AND c.kind = 'postal_address' AND c.preferred;
DROP TABLE contact_points;

ALTER TABLE persons
  DROP CONSTRAINT persons_given_name_length,
  DROP CONSTRAINT persons_family_name_length,
  DROP CONSTRAINT persons_contact_confirmation,
  DROP COLUMN referred_by_third_party,
  DROP COLUMN contact_confirmed_at,
  DROP COLUMN contact_confirmed_source,
  DROP COLUMN deceased,
  DROP COLUMN do_not_contact,
  DROP COLUMN out_of_constituency,
  DROP COLUMN child_marked,
  DROP COLUMN child_by_date_of_birth,
  DROP COLUMN vulnerable,
  DROP COLUMN date_of_birth_sealed,
  DROP COLUMN ni_number_sealed,
  DROP COLUMN updated_at;
ALTER TABLE persons ALTER COLUMN source TYPE text;
DROP DOMAIN datum_source;
