import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { withOffice } from '../../src/db/scope.js';
import { countConsenting } from '../../src/modules/consent/service.js';
import { officeMergeContext, personValues } from '../../src/modules/correspondence/service.js';
import { renderFor } from '../../src/modules/newsletters/content.js';
import { createMailing, openContent, previewMailing, sendMailing } from '../../src/modules/newsletters/service.js';
import { namesOf } from '../../src/modules/people/service.js';
import type { SignedInUser } from '../../src/platform/access/access.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import type { Postbag } from '../../src/server.js';
import { startSmtpServer } from '../../test/support/smtp-server.js';
import { timed } from './stats.js';

/** Issue 13's targets, on PostgreSQL at 1,000,000 people (75,000 consenting) and on PGlite at 100,000. */
export const NEWSLETTER_TARGETS = { previewSeconds: 1, renderSeconds: 30, sendPerSecond: 200 };

export interface NewsletterFigures {
  people: number;
  /** People whose latest entry for the purpose is a consent given (before objections and suppressions). */
  consenting: number;
  /** Who the preview says would get it. */
  recipients: number;
  leftOut: Record<string, number>;
  /** POST .../preview as the service runs it: the audience statement, the suppression check, one rendering. */
  previewSeconds: number;
  /** "Send": the audience computed and fixed as recipients, then every recipient's copy rendered (names fetched in batches). */
  fixSeconds: number;
  renderSeconds: number;
  /** A mailing to `sent` of them through the job runner and the one send path to the loopback SMTP server: queued, checked twice, sealed, sent. */
  sent: number;
  sendSeconds: number;
  sentPerSecond: number;
}

export async function measureNewsletter(postbag: Postbag, manager: SignedInUser, people: number, sendCount: number, log: (message: string) => void): Promise<NewsletterFigures> {
  const { db } = postbag.database;
  // The topic measureConsent seeded its ledger for (consent.ts: 7.5% consenting, with withdrawals, objections and suppressions).
  const topic = await db.selectFrom('subscription_topics').select(['id', 'purpose_id']).where('office_id', '=', DEMO_OFFICE_ID).where('name', '=', 'Monthly newsletter').executeTakeFirstOrThrow();
  const purposeId = topic.purpose_id;
  const consenting = await withOffice(db, DEMO_OFFICE_ID, (tx) => countConsenting(tx, DEMO_OFFICE_ID, purposeId, topic.id));
  const deps = postbag.ctx;
  await withOffice(db, DEMO_OFFICE_ID, (tx) =>
    tx.insertInto('office_correspondence').values({ office_id: DEMO_OFFICE_ID, from_address: 'office@bench.example' }).onConflict((oc) => oc.column('office_id').doUpdateSet({ from_address: 'office@bench.example' })).execute(),
  );
  const html = '<h2>Autumn news</h2><p>Dear {{constituent.givenName}},</p><p>The <strong>surgery</strong> is on Friday. {{member.name}}</p>';
  const mailing = await createMailing(deps, manager, { subject: 'Autumn news from {{member.name}}', html, purposeId, topicId: topic.id, postcodeAreas: [] });

  const preview = await timed(() => previewMailing(deps, manager, mailing.id));
  log(`newsletter: preview ${preview.seconds.toFixed(2)} s for ${preview.value.recipients.toLocaleString('en-GB')} recipients (target < ${NEWSLETTER_TARGETS.previewSeconds} s)`);

  const fixed = await timed(() => sendMailing({ ...deps, jobs: { enqueue: async () => ({ id: '', created: true }) } as unknown as typeof deps.jobs }, manager, mailing.id));
  const rendered = await timed(() =>
    withOffice(db, DEMO_OFFICE_ID, async (tx) => {
      const row = (await tx.selectFrom('newsletter_mailings').selectAll().where('office_id', '=', DEMO_OFFICE_ID).where('id', '=', mailing.id).executeTakeFirstOrThrow());
      const content = await openContent(postbag.keystore, DEMO_OFFICE_ID, row);
      const context = await officeMergeContext(tx, DEMO_OFFICE_ID);
      const ids = (await tx.selectFrom('newsletter_recipients').select('person_id').where('office_id', '=', DEMO_OFFICE_ID).where('mailing_id', '=', mailing.id).orderBy('person_id').execute()).map((r) => r.person_id);
      let bytes = 0;
      for (let i = 0; i < ids.length; i += 5000) {
        for (const person of await namesOf(tx, DEMO_OFFICE_ID, ids.slice(i, i + 5000))) bytes += renderFor(content, personValues(person, context)).html.length;
      }
      return { count: ids.length, bytes };
    }),
  );
  log(`newsletter: audience fixed in ${fixed.seconds.toFixed(1)} s, ${rendered.value.count.toLocaleString('en-GB')} copies rendered in ${rendered.seconds.toFixed(1)} s (target < ${NEWSLETTER_TARGETS.renderSeconds} s together)`);

  const sending = await measureSending(postbag, manager, purposeId, sendCount, log);
  return {
    people,
    consenting,
    recipients: preview.value.recipients,
    leftOut: preview.value.leftOut,
    previewSeconds: preview.seconds,
    fixSeconds: fixed.seconds,
    renderSeconds: rendered.seconds,
    ...sending,
  };
}

/**
 * A mailing to `count` consenting people (a purpose only they consent to), sent by the app's job runner to the loopback SMTP server at the
 * highest rate the office may set: from "send" to the last message accepted.
 */
async function measureSending(postbag: Postbag, manager: SignedInUser, purposeId: string, count: number, log: (message: string) => void) {
  const { db } = postbag.database;
  const deps = postbag.ctx;
  const smtp = await startSmtpServer();
  try {
    await withOffice(db, DEMO_OFFICE_ID, async (tx) => {
      await tx.updateTable('office_correspondence').set({ smtp_host: '127.0.0.1', smtp_port: smtp.port, smtp_security: 'starttls', smtp_username: null }).where('office_id', '=', DEMO_OFFICE_ID).execute();
      await tx.insertInto('newsletter_settings').values({ office_id: DEMO_OFFICE_ID, messages_per_minute: 60_000 }).onConflict((oc) => oc.column('office_id').doUpdateSet({ messages_per_minute: 60_000 })).execute();
    });
    // A purpose of its own (a copy of Communications) that only `count` people consent to, so the audience is just them.
    const benchPurpose = randomUUID();
    await sql`
      INSERT INTO processing_purposes (office_id, id, name, description, lawful_basis, data_categories, data_subjects, sources, recipients, retention_months, retention_note, consent_required, modules)
      SELECT office_id, ${benchPurpose}::uuid, 'Bench sending', description, lawful_basis, data_categories, data_subjects, sources, recipients, retention_months, retention_note, consent_required, modules
      FROM processing_purposes WHERE office_id = ${DEMO_OFFICE_ID} AND id = ${purposeId}`.execute(db);
    await sql`
      INSERT INTO consent_events (office_id, id, person_id, purpose_id, kind, method, wording, occurred_at, recorded_via)
      SELECT office_id, gen_random_uuid(), person_id, ${benchPurpose}::uuid, 'given', 'web_form', 'Bench.', now(), 'public_form'
      FROM (SELECT DISTINCT ON (person_id) office_id, person_id FROM consent_events WHERE office_id = ${DEMO_OFFICE_ID} AND kind = 'given' ORDER BY person_id) g
      WHERE NOT EXISTS (SELECT 1 FROM consent_events o WHERE o.office_id = g.office_id AND o.person_id = g.person_id AND o.kind <> 'given')
      LIMIT ${count}`.execute(db);
    const mailing = await createMailing(deps, manager, { subject: 'Bench sending', html: '<p>Dear {{constituent.givenName}}, the news.</p>', purposeId: benchPurpose, topicId: null, postcodeAreas: [] });
    const started = performance.now();
    await sendMailing(deps, manager, mailing.id);
    const recipients = Number((await db.selectFrom('newsletter_recipients').select((eb) => eb.fn.countAll<string>().as('n')).where('mailing_id', '=', mailing.id).executeTakeFirstOrThrow()).n);
    deps.jobs.start();
    await smtp.waitFor(`${recipients} messages`, (_, all) => all.filter((e) => e.event === 'accepted').length >= recipients, 30 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    await deps.jobs.stop();
    log(`newsletter: ${recipients.toLocaleString('en-GB')} sent in ${seconds.toFixed(1)} s, ${(recipients / seconds).toFixed(0)} messages/s (target ≥ ${NEWSLETTER_TARGETS.sendPerSecond})`);
    return { sent: recipients, sendSeconds: seconds, sentPerSecond: recipients / seconds };
  } finally {
    await smtp.close();
  }
}
