import { article9Labels, type ExportFormat, lawfulBasisLabels, NO_LAWFUL_BASIS, type PurposeView, scheduleOneParagraphs, specialCategoryLabels } from './schemas.js';

/** The office as the record names its controller (Article 30(1)(a)), with its security measures (30(1)(g)). */
export interface Controller {
  name: string;
  memberName: string;
  address: string | null;
  email: string | null;
  dataProtectionContact: string | null;
  icoRegistration: string | null;
  securityMeasures: string;
}

export interface RecordExport {
  filename: string;
  contentType: string;
  body: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

const scheduleOneText = (paragraph: number | null) => {
  const found = paragraph === null ? undefined : scheduleOneParagraphs[paragraph];
  return found ? `DPA 2018 Schedule 1 paragraph ${paragraph} (${found.title})` : '';
};

/** One purpose as words an auditor reads, each list kept whole; shared by both formats so that they say the same. */
function described(p: PurposeView) {
  return {
    name: p.name,
    status: p.retiredAt ? 'Retired' : 'Current',
    description: p.description,
    lawfulBasis: p.lawfulBasis ? lawfulBasisLabels[p.lawfulBasis] : NO_LAWFUL_BASIS,
    specialCategories: p.specialCategories.map((c) => specialCategoryLabels[c]),
    specialCategoryCondition: p.specialCategoryCondition ? article9Labels[p.specialCategoryCondition] : '',
    scheduleOneCondition: scheduleOneText(p.scheduleOneParagraph),
    dataCategories: p.dataCategories,
    dataSubjects: p.dataSubjects,
    sources: p.sources,
    recipients: p.recipients,
    retentionMonths: p.retentionMonths,
    retentionNote: p.retentionNote,
    consentRequired: p.consentRequired,
    modules: p.modules,
    retiredOn: p.retiredAt ? day(p.retiredAt) : '',
    lastChanged: day(p.updatedAt),
  };
}
type Described = ReturnType<typeof described>;

/** The CSV's columns, headed in the words of Article 30(1). */
const csvColumns: [heading: string, cell: (p: Described) => string][] = [
  ['Purpose', (p) => p.name],
  ['Status', (p) => p.status],
  ['Description', (p) => p.description],
  ['Lawful basis (Article 6)', (p) => p.lawfulBasis],
  ['Special category data', (p) => p.specialCategories.join('\n')],
  ['Article 9 condition', (p) => p.specialCategoryCondition],
  ['DPA 2018 Schedule 1 condition', (p) => p.scheduleOneCondition],
  ['Categories of personal data', (p) => p.dataCategories.join('\n')],
  ['Categories of data subjects', (p) => p.dataSubjects.join('\n')],
  ['Sources', (p) => p.sources.join('\n')],
  ['Recipients', (p) => p.recipients.join('\n')],
  ['Retention period (months)', (p) => (p.retentionMonths === null ? '' : String(p.retentionMonths))],
  ['Retention', (p) => p.retentionNote],
  ['Consent needed', (p) => (p.consentRequired ? 'Yes' : 'No')],
  ['Postbag modules', (p) => p.modules.join('\n')],
  ['Retired on', (p) => p.retiredOn],
  ['Last changed', (p) => p.lastChanged],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts with an apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const NOT_GIVEN = 'Not given yet';

/** The controller's details, each with the words of Article 30(1) (a) and (g). */
function controllerRows(c: Controller): [string, string][] {
  return [
    ['Controller', `${c.memberName} (${c.name})`],
    ['Address', c.address ?? NOT_GIVEN],
    ['E-mail', c.email ?? NOT_GIVEN],
    ['Data protection lead', c.dataProtectionContact ?? NOT_GIVEN],
    ['ICO registration number', c.icoRegistration ?? NOT_GIVEN],
    ['Technical and organisational security measures', c.securityMeasures],
  ];
}

/**
 * The record as CSV: a byte order mark (so that Excel reads UTF-8); the controller's details, a
 * row each; an empty row; then a heading row and one row a purpose, each list's items on their
 * own lines within the cell.
 */
export function recordCsv(controller: Controller, purposes: readonly PurposeView[]): string {
  const rows = [...controllerRows(controller), [], csvColumns.map(([heading]) => heading), ...purposes.map(described).map((p) => csvColumns.map(([, cell]) => cell(p)))];
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The record as JSON: the controller, when it was exported, and each purpose in words and in the API's codes. */
export function recordJson(controller: Controller, purposes: readonly PurposeView[], now: Date): string {
  const record = {
    recordOfProcessing: 'UK GDPR Article 30(1)',
    controller: {
      office: controller.name,
      member: controller.memberName,
      address: controller.address,
      email: controller.email,
      dataProtectionLead: controller.dataProtectionContact,
      icoRegistration: controller.icoRegistration,
    },
    securityMeasures: controller.securityMeasures,
    exportedAt: now.toISOString(),
    purposes: purposes.map((p) => ({ ...described(p), codes: { lawfulBasis: p.lawfulBasis, specialCategories: p.specialCategories, specialCategoryCondition: p.specialCategoryCondition, scheduleOneParagraph: p.scheduleOneParagraph } })),
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

export function recordExport(format: ExportFormat, controller: Controller, purposes: readonly PurposeView[], now: Date): RecordExport {
  const filename = `record-of-processing-${day(now)}.${format}`;
  return format === 'csv'
    ? { filename, contentType: 'text/csv; charset=utf-8', body: recordCsv(controller, purposes) }
    : { filename, contentType: 'application/json; charset=utf-8', body: recordJson(controller, purposes, now) };
}
