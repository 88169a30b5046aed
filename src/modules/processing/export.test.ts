import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, recordCsv } from './export.js';
import type { PurposeView } from './schemas.js';

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

describe('the CSV of the record', () => {
  it('quotes commas, quotes and line breaks, and keeps a spreadsheet from running a cell as a formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    const [row] = parse(recordCsv([purpose]), { bom: true, columns: true }) as Record<string, string>[];
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
