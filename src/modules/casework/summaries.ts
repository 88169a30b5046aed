import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withOffice } from '../../db/scope.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { detectSpecialCategories } from './special-category.js';
import { caseField, sealCaseTexts, searchTermRows } from './text.js';

/** Many cases' summaries at once, as stored: sealed, their search terms, their special categories. */
export async function prepareSummaries(keystore: KeyStore, officeId: string, cases: readonly { id: string; summary: string }[]) {
  const sealed = await sealCaseTexts(keystore, officeId, cases.map((c) => ({ caseId: c.id, field: caseField.summary, plaintext: c.summary })));
  return cases.map((c, i) => ({
    id: c.id,
    sealed: sealed[i]!,
    terms: searchTermRows(keystore, officeId, c.id, c.summary),
    categories: detectSpecialCategories(c.summary).map((f) => f.category),
  }));
}

/**
 * Seals summaries written before case text was sealed (migration 0006), in batches per office, at
 * start-up. Each batch commits on its own, so an interrupted run carries on where it stopped.
 */
export async function sealLegacySummaries(db: Kysely<DB>, keystore: KeyStore): Promise<number> {
  let sealedCount = 0;
  const offices = await db.selectFrom('cases').select('office_id').distinct().where('summary', 'is not', null).execute();
  for (const { office_id: officeId } of offices) {
    for (;;) {
      const batch = await withOffice(db, officeId, (tx) =>
        tx.selectFrom('cases').select(['id', 'summary']).where('office_id', '=', officeId).where('summary', 'is not', null).limit(500).execute(),
      );
      if (batch.length === 0) break;
      const prepared = await prepareSummaries(keystore, officeId, batch.map((c) => ({ id: c.id, summary: c.summary! })));
      await withOffice(db, officeId, async (tx) => {
        for (const p of prepared) {
          await tx.updateTable('cases').set({ summary: null, summary_sealed: p.sealed, special_categories: p.categories }).where('office_id', '=', officeId).where('id', '=', p.id).execute();
        }
        const terms = prepared.flatMap((p) => p.terms);
        for (let i = 0; i < terms.length; i += 5000) await tx.insertInto('case_search_terms').values(terms.slice(i, i + 5000)).onConflict((oc) => oc.doNothing()).execute();
      });
      sealedCount += batch.length;
    }
  }
  return sealedCount;
}
