import type { ContactPointRow, NewContactPoint } from './contact-repo.js';
import type { PersonDetailRow } from './repo.js';
import { type ContactPointInput, type ContactPointView, contactValue, type PersonDetail } from './schemas.js';
import { newId } from '../../db/ids.js';
import { statusWords } from '../../platform/mail/enhanced-status.js';

/** Rows to API views, and API input to rows. No personal data is decided here, only shapes. */

type ContactPointData = Omit<ContactPointRow, 'collected_at' | 'undeliverable_at'> & { collected_at: Date | string; undeliverable_at: Date | string | null };

export const contactPointView = (c: ContactPointData): ContactPointView => ({
  id: c.id,
  kind: c.kind,
  value: c.value,
  lines: c.address_lines,
  postcode: c.postcode,
  platform: c.platform,
  preferred: c.preferred,
  source: c.source,
  collectedAt: new Date(c.collected_at),
  undeliverable: c.undeliverable_at === null ? null : { since: new Date(c.undeliverable_at), status: c.undeliverable_status, reason: statusWords(c.undeliverable_status) },
});

export function newContactPoint(personId: string, input: ContactPointInput): NewContactPoint {
  return {
    id: newId(),
    personId,
    kind: input.kind,
    value: contactValue(input),
    lines: input.kind === 'postal_address' ? input.lines : null,
    postcode: input.kind === 'postal_address' ? input.postcode : null,
    platform: input.kind === 'social_handle' ? input.platform : null,
    preferred: input.preferred,
    source: input.source,
    collectedAt: input.collectedAt,
  };
}

export function personDetail(p: PersonDetailRow): PersonDetail {
  const awaitingConfirmation = p.referred_by_third_party && p.contact_confirmed_at === null;
  return {
    id: p.id,
    title: p.title,
    givenName: p.given_name,
    familyName: p.family_name,
    source: p.source,
    collectedAt: p.collected_at,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    referral: {
      referredByThirdParty: p.referred_by_third_party,
      awaitingConfirmation,
      contactConfirmedAt: p.contact_confirmed_at,
      contactConfirmedSource: p.contact_confirmed_source,
    },
    flags: {
      deceased: p.deceased,
      doNotContact: p.do_not_contact,
      outOfConstituency: p.out_of_constituency,
      child: p.child_marked || p.child_by_date_of_birth,
      childMarked: p.child_marked,
      childByDateOfBirth: p.child_by_date_of_birth,
      vulnerable: p.vulnerable,
    },
    contactable: !p.deceased && !p.do_not_contact && !awaitingConfirmation,
    hasIdentifiers: { dateOfBirth: p.date_of_birth_sealed !== null, niNumber: p.ni_number_sealed !== null },
    contactPoints: p.contact_points.map(contactPointView),
    organisations: p.organisations.map((o) => ({
      membershipId: o.membership_id,
      organisationId: o.organisation_id,
      name: o.name,
      kind: o.kind,
      role: o.role,
      source: o.source,
      collectedAt: new Date(o.collected_at),
    })),
    restriction:
      p.restricted_at && p.restricted_by && p.restriction_reason ? { restrictedAt: p.restricted_at, restrictedBy: p.restricted_by, reason: p.restriction_reason } : null,
    withheld: false,
  };
}

/** A restricted person as anyone but the data protection lead sees them (platform/access/processing.ts): the name and the restriction. */
export function withheldDetail(d: PersonDetail): PersonDetail {
  const no = { deceased: false, doNotContact: false, outOfConstituency: false, child: false, childMarked: false, childByDateOfBirth: false, vulnerable: false };
  return {
    ...d,
    referral: { referredByThirdParty: false, awaitingConfirmation: false, contactConfirmedAt: null, contactConfirmedSource: null },
    flags: no,
    contactable: false,
    hasIdentifiers: { dateOfBirth: false, niNumber: false },
    contactPoints: [],
    organisations: [],
    withheld: true,
  };
}
