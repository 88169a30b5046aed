import { sql } from 'kysely';
import { importEmail } from '../../src/modules/correspondence/import-service.js';
import type { SignedInUser } from '../../src/platform/access/access.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { seedMessages } from '../../src/seed/synthetic-messages.js';
import type { Postbag } from '../../src/server.js';
import { email, mbox } from '../../src/modules/correspondence/test-fixtures/mail.js';
import { timed } from './stats.js';

export interface MailFigures {
  /** The mbox import, through the same service as POST /messages/import: parse, match, thread, seal, store. */
  imported: number;
  importSeconds: number;
  messagesPerSecond: number;
  filed: number;
  mboxMegabytes: number;
  /** Messages in the office for the inbox load run (imported + seeded). */
  messages: number;
  seedSeconds: number;
}

/**
 * Imports an mbox of `imported` messages from the office's people (a tenth naming a case in the
 * subject, a tenth answering an earlier message, one in twenty with a PDF), then tops the office
 * up to `total` messages with the synthetic seeder for the inbox page.
 */
export async function measureMail(postbag: Postbag, manager: SignedInUser, imported: number, total: number, log: (message: string) => void): Promise<MailFigures> {
  const { db } = postbag.database;
  const senders = await db.selectFrom('contact_points').select('value').where('office_id', '=', DEMO_OFFICE_ID).where('kind', '=', 'email').orderBy('id').limit(imported).execute();
  const references = await db.selectFrom('cases').select('reference').where('office_id', '=', DEMO_OFFICE_ID).where('status', '<>', 'closed').orderBy('id').limit(imported).execute();
  const pdf = Buffer.from(`%PDF-1.4\n${'scanned letter '.repeat(2000)}`);
  const archive = mbox(
    Array.from({ length: imported }, (_, i) => {
      const reference = i % 10 === 3 && references.length ? ` [${references[i % references.length]!.reference}]` : '';
      return email({
        from: senders.length ? `<${senders[i % senders.length]!.value}>` : undefined,
        subject: `Message ${i}${reference}`,
        text: `Dear Sam,\n\nI am writing about my housing benefit claim number ${i}. The council has not answered.\n\nYours,\nA constituent`,
        messageId: `bench-${i}@mail.example`,
        inReplyTo: i % 10 === 7 ? `bench-${i - 4}@mail.example` : undefined,
        files: i % 20 === 5 ? [{ filename: 'letter.pdf', contentType: 'application/pdf', content: pdf }] : undefined,
      });
    }),
  );
  log(`mbox import: ${imported.toLocaleString('en-GB')} messages, ${(archive.length / 1e6).toFixed(1)} MB`);
  const run = await timed(() => importEmail(postbag.ctx, manager, 'application/mbox', archive));
  if (run.value.stored !== imported) throw new Error(`the mbox import stored ${run.value.stored} of ${imported} messages: ${JSON.stringify(run.value.rejected.slice(0, 3))}`);
  const rest = Math.max(0, total - imported);
  log(`seedMessages: ${rest.toLocaleString('en-GB')} messages`);
  const seeded = await timed(() => seedMessages(postbag.database, postbag.keystore, DEMO_OFFICE_ID, rest));
  await sql`VACUUM ANALYZE messages, case_events`.execute(db);
  return {
    imported,
    importSeconds: run.seconds,
    messagesPerSecond: imported / run.seconds,
    filed: run.value.filed,
    mboxMegabytes: archive.length / 1e6,
    messages: imported + rest,
    seedSeconds: seeded.seconds,
  };
}
