import type { TestApp } from '../../../../../test/support/app.js';

const TABLES = ['messages', 'attachments', 'case_events', 'audit_log'] as const;

/** Row counts of what notes write, and of the audit log: equal before and after means "changed nothing". */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  const rows = await Promise.all(TABLES.map((table) => t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()));
  return Object.fromEntries(TABLES.map((table, i) => [table, Number(rows[i]!.n)]));
}
