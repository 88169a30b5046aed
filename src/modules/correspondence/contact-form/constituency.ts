import { CsvError, parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode, type FieldProblem } from '../../../platform/errors/errors.js';
import { normalisePostcode } from '../../people/service.js';
import * as repo from './repo.js';

/** A whole UK constituency has a few thousand postcodes; this leaves room for a council area. */
export const MAX_POSTCODE_ROWS = 200_000;
const ROWS_NAMED = 20;

/**
 * The postcodes of a CSV file with a header row and a column named "postcode" (in any place),
 * normalised ("b633aa" -> "B63 3AA") and without repeats. A row that is not a UK postcode is
 * refused by its row number as a spreadsheet shows it (the header is row 1).
 */
export function postcodesFromCsv(csv: Buffer): string[] {
  let records: { record: (string | undefined)[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with the line it ended on (csv-parse's types do not say so).
    records = parse(csv, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw refused(`The file is not valid CSV (${error.message}). Save it from the spreadsheet as CSV and upload it again.`);
    throw error;
  }
  const [header, ...rows] = records;
  const column = header?.record.findIndex((name) => name?.trim().toLowerCase() === 'postcode') ?? -1;
  if (!header || column < 0) {
    const columns = header?.record.map((name) => `"${name}"`).join(', ') ?? 'none';
    throw refused(`The file has no column named postcode in its first row (its columns are: ${columns}). Add a header row with a postcode column and upload it again.`);
  }
  if (rows.length === 0) throw refused('The file has a header row but no postcodes under it. The list was not replaced with an empty one.');
  if (rows.length > MAX_POSTCODE_ROWS) throw refused(`The file has ${rows.length} rows; at most ${MAX_POSTCODE_ROWS} are taken. Upload the constituency's postcodes only.`);
  const postcodes = new Set<string>();
  const bad: FieldProblem[] = [];
  for (const { record, info } of rows) {
    const given = record[column] ?? '';
    const postcode = normalisePostcode(given);
    if (postcode) postcodes.add(postcode);
    else bad.push({ path: `row ${info.lines}`, message: given ? `"${given.slice(0, 20)}" is not a UK postcode` : 'has no postcode' });
  }
  if (bad.length) {
    const named = bad.slice(0, ROWS_NAMED).map((p) => p.path.replace('row ', ''));
    const more = bad.length > ROWS_NAMED ? ` and ${bad.length - ROWS_NAMED} more` : '';
    const which = `${bad.length === 1 ? 'Row' : 'Rows'} ${named.join(', ')}${more}`;
    throw refused(`${which} of the file ${bad.length === 1 ? 'does' : 'do'} not hold a UK postcode (like B63 3AA). Correct ${bad.length === 1 ? 'it' : 'them'} and upload the file again.`, bad);
  }
  return [...postcodes].sort();
}

function refused(message: string, problems?: FieldProblem[]): AppError {
  return new AppError(ErrorCode.ValidationFailed, `${message} Nothing was changed.`, problems);
}

/** Replaces the office's list with the file's postcodes, all or nothing. */
export async function replaceConstituency(db: Kysely<DB>, user: SignedInUser, csv: Buffer): Promise<{ count: number }> {
  const postcodes = postcodesFromCsv(csv);
  const { officeId } = user;
  await withOffice(db, officeId, async (tx) => {
    await repo.replacePostcodes(tx, officeId, postcodes);
    // The audit log holds ids only; the count says what the upload did without naming a postcode.
    await recordAudit(tx, officeId, user, { action: 'office.constituency_replaced', recordType: 'office', recordIds: [officeId, `postcodes:${postcodes.length}`] });
  });
  return { count: postcodes.length };
}

export async function constituencySize(db: Kysely<DB>, user: SignedInUser): Promise<{ count: number }> {
  return { count: await withOffice(db, user.officeId, (tx) => repo.countPostcodes(tx, user.officeId)) };
}
