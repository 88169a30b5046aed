import { describe, expect, it } from 'vitest';
import { type Controller, csvField, recordCsv } from './export.js';
import type { PurposeView } from './schemas.js';
import { readRecordCsv } from './test-fixtures/record-csv.js';

const purpose: PurposeView = {
  id: '0190a2f0-0000-7000-8000-000000000001',
  name: 'Surgeries, "drop-in"',
  description: '=HYPERLINK("http://evil.example")',
  lawfulBasis: 'public_task',
  specialCategories: [],
  specialCategoryCondition: null,
  scheduleOneParagraph: null,
  dataCategories: ['Name', 'Address, with postcode'],
  dataSubjects: ['Constituents'],
  sources: ['-the person'],
  recipients: [],
  retentionMonths: 12,
  retentionNote: 'A year.\nThen deleted.',
  consentRequired: false,
  modules: [],
  retiredAt: null,
  createdAt: new Date('2026-01-02T10:00:00Z'),
  updatedAt: new Date('2026-01-03T10:00:00Z'),
};

const controller: Controller = {
  name: 'Example Constituency',
  memberName: 'Sam Taylor MP',
  address: '12 Market Street\nExampleton',
  email: 'office@example.org',
  dataProtectionContact: null,
  icoRegistration: 'ZA000123',
  securityMeasures: 'Encrypted, per person.',
};

describe('the CSV of the record', () => {
  it('quotes commas, quotes and line breaks, and keeps a spreadsheet from running a cell as a formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    const read = readRecordCsv(recordCsv(controller, [purpose]));
    expect(read.controller).toEqual({
      Controller: 'Sam Taylor MP (Example Constituency)',
      Address: '12 Market Street\nExampleton',
      'E-mail': 'office@example.org',
      'Data protection lead': 'Not given yet',
      'ICO registration number': 'ZA000123',
      'Technical and organisational security measures': 'Encrypted, per person.',
    });
    const [row] = read.purposes;
    expect(row).toMatchObject({
      Purpose: 'Surgeries, "drop-in"',
      Description: `'=HYPERLINK("http://evil.example")`,
      'Categories of personal data': 'Name\nAddress, with postcode',
      Sources: "'-the person",
      Recipients: '',
      'Retention period (months)': '12',
      Retention: 'A year.\nThen deleted.',
      'Consent needed': 'No',
      'Last changed': '2026-01-03',
    });
  });
});
