import { describe, expect, it } from 'vitest';
import { roles } from '../../db/enums.js';
import { AppError, ErrorCode } from '../errors/errors.js';
import { assertMayProcess, mayProcess, type PersonStanding, type ProcessingAction, processingActions } from './processing.js';

const plain: PersonStanding = { restricted: false, deceased: false, doNotContact: false };
const consented = { objected: false, suppressed: false, consented: true };
const caseworker = { role: 'caseworker' as const };
const dpo = { role: 'data_protection_lead' as const };

/** The rules, one row per standing: what each action answers for a caseworker ('ok' or the reason). */
const table: [string, PersonStanding, Record<ProcessingAction, string>][] = [
  ['no flag', plain, { read: 'ok', change: 'ok', contact_casework: 'ok', contact_marketing: 'no_consent', export: 'ok' }],
  ['consented', { ...plain, marketing: consented }, { read: 'ok', change: 'ok', contact_casework: 'ok', contact_marketing: 'ok', export: 'ok' }],
  ['withdrawn', { ...plain, marketing: { ...consented, consented: false } }, { read: 'ok', change: 'ok', contact_casework: 'ok', contact_marketing: 'no_consent', export: 'ok' }],
  ['objected', { ...plain, marketing: { ...consented, objected: true } }, { read: 'ok', change: 'ok', contact_casework: 'ok', contact_marketing: 'objected', export: 'ok' }],
  ['suppressed', { ...plain, marketing: { ...consented, suppressed: true } }, { read: 'ok', change: 'ok', contact_casework: 'ok', contact_marketing: 'suppressed', export: 'ok' }],
  ['objected and suppressed', { ...plain, marketing: { objected: true, suppressed: true, consented: false } }, { read: 'ok', change: 'ok', contact_casework: 'ok', contact_marketing: 'objected', export: 'ok' }],
  ['consented but do not contact', { ...plain, doNotContact: true, marketing: consented }, { read: 'ok', change: 'ok', contact_casework: 'do_not_contact', contact_marketing: 'do_not_contact', export: 'ok' }],
  ['consented but deceased', { ...plain, deceased: true, marketing: consented }, { read: 'ok', change: 'ok', contact_casework: 'deceased', contact_marketing: 'deceased', export: 'ok' }],
  ['restricted', { ...plain, restricted: true }, { read: 'restricted', change: 'restricted', contact_casework: 'restricted', contact_marketing: 'restricted', export: 'restricted' }],
  ['deceased', { ...plain, deceased: true }, { read: 'ok', change: 'ok', contact_casework: 'deceased', contact_marketing: 'deceased', export: 'ok' }],
  ['do not contact', { ...plain, doNotContact: true }, { read: 'ok', change: 'ok', contact_casework: 'do_not_contact', contact_marketing: 'do_not_contact', export: 'ok' }],
  ['deceased and do not contact', { ...plain, deceased: true, doNotContact: true }, { read: 'ok', change: 'ok', contact_casework: 'deceased', contact_marketing: 'deceased', export: 'ok' }],
  ['restricted and deceased', { restricted: true, deceased: true, doNotContact: true }, { read: 'restricted', change: 'restricted', contact_casework: 'restricted', contact_marketing: 'restricted', export: 'restricted' }],
];

const answer = (standing: PersonStanding, action: ProcessingAction, reader?: { role: (typeof roles)[number] }) => {
  const a = mayProcess(standing, action, reader);
  return a.allowed ? 'ok' : a.reason;
};

describe('may this person be processed', () => {
  it.each(table)('%s', (_name, standing, expected) => {
    expect(Object.fromEntries(processingActions.map((action) => [action, answer(standing, action, caseworker)]))).toEqual(expected);
  });

  it('lets only the data protection lead read a restricted person, and nothing more', () => {
    const restricted = { ...plain, restricted: true };
    const readers = roles.filter((role) => answer(restricted, 'read', { role }) === 'ok');
    expect(readers).toEqual(['data_protection_lead']);
    expect(answer(restricted, 'read')).toBe('restricted');
    expect(processingActions.filter((action) => answer(restricted, action, dpo) === 'ok')).toEqual(['read']);
  });

  it('refuses with a 409 that names the reason', () => {
    const refusal = (() => {
      try {
        assertMayProcess([plain, { ...plain, deceased: true }], 'contact_casework');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe(ErrorCode.ProcessingRefused);
    expect((refusal as AppError).status).toBe(409);
    expect((refusal as AppError).message).toMatch(/may not be contacted: they are marked as deceased/);
    expect(() => assertMayProcess([plain, plain], 'export')).not.toThrow();
  });
});
