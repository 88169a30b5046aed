import { parse } from 'csv-parse/sync';

/** The record's CSV read back in its two parts: the controller's details (a row each) and, after an empty row, the purposes under their headings. */
export function readRecordCsv(csv: string | Buffer) {
  const rows = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  const gap = rows.findIndex((r) => r.length === 1 && r[0] === '');
  const [headings = [], ...purposes] = rows.slice(gap + 1);
  return {
    controller: Object.fromEntries(rows.slice(0, gap).map(([k = '', v = '']) => [k, v])),
    purposes: purposes.map((r) => Object.fromEntries(headings.map((h, i) => [h, r[i] ?? '']))),
  };
}
