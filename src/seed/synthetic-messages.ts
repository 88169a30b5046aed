import { base, en, en_GB, Faker } from '@faker-js/faker';
import type { Database } from '../db/database.js';
import { newId } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import { withOffice } from '../db/scope.js';
import { caseField } from '../modules/casework/text.js';
import { messageField } from '../modules/correspondence/sealing.js';
import type { KeyStore } from '../platform/crypto/keystore.js';

/**
 * Synthetic incoming e-mail for benchmarks, stored as the application stores it: subject and text
 * sealed under each message's own key. A share waits in the inbox; the rest are filed on cases,
 * each with its timeline entry (sealed under the case's key). Loaded with COPY in batches.
 */

const SUBJECTS = ['Help with my housing', 'Universal Credit', 'Visa delay', 'Pothole on our road', 'School place', 'Hospital appointment', 'Tax code', 'Noise from neighbours'];
const columns = ['office_id', 'id', 'direction', 'channel', 'state', 'person_id', 'case_id', 'internet_message_id', 'content_hash', 'counterpart_address_sealed', 'subject_sealed', 'body_sealed', 'occurred_at', 'received_at'] as const;

export async function seedMessages(database: Database<DB>, keystore: KeyStore, officeId: string, count: number, { inboxShare = 0.1, seed = 2026, batch = 10_000 } = {}): Promise<void> {
  const faker = new Faker({ locale: [en_GB, en, base], seed });
  const { senders, cases } = await withOffice(database.db, officeId, async (tx) => ({
    senders: await tx.selectFrom('contact_points').select(['person_id', 'value']).where('office_id', '=', officeId).where('kind', '=', 'email').orderBy('id').limit(Math.max(count, 1)).execute(),
    cases: await tx.selectFrom('cases').select('id').where('office_id', '=', officeId).orderBy('id').limit(Math.max(count, 1)).execute(),
  }));
  if (senders.length === 0) throw new Error('seedMessages needs people with e-mail addresses in the office first');
  const inboxEvery = Math.max(1, Math.round(1 / inboxShare));
  const start = Date.UTC(2025, 0, 1);
  for (let first = 0; first < count; first += batch) {
    const size = Math.min(batch, count - first);
    const messages = Array.from({ length: size }, (_, k) => {
      const i = first + k;
      const sender = senders[i % senders.length]!;
      const filedOn = i % inboxEvery === 0 || cases.length === 0 ? null : cases[i % cases.length]!.id;
      const subject = `${SUBJECTS[i % SUBJECTS.length]} ${faker.word.noun()}`;
      return { id: newId(), sender, filedOn, subject, body: faker.lorem.paragraph(), at: new Date(start + i * 60_000).toISOString() };
    });
    const sealed = await keystore.encryptMany(
      officeId,
      'message',
      messages.flatMap((m) => [
        { ownerId: m.id, field: messageField.subject, plaintext: m.subject },
        { ownerId: m.id, field: messageField.body, plaintext: m.body },
        { ownerId: m.id, field: messageField.counterpartAddress, plaintext: m.sender.value },
      ]),
    );
    const filed = messages.filter((m) => m.filedOn);
    const events = filed.map((m) => ({ ...m, eventId: newId() }));
    const headings = await keystore.encryptMany(officeId, 'case', events.map((e) => ({ ownerId: e.filedOn!, field: caseField.eventText(e.eventId), plaintext: e.subject })));
    await database.copyCsv(
      'messages',
      columns,
      messages.map((m, n) =>
        [officeId, m.id, 'in', 'email', m.filedOn ? 'filed' : 'inbox', m.sender.person_id, m.filedOn ?? '', `${m.id}@synthetic.example`, '', sealed[3 * n + 2]!, sealed[3 * n]!, sealed[3 * n + 1]!, m.at, m.at].join(',') + '\n',
      ),
    );
    await database.copyCsv(
      'case_events',
      ['office_id', 'id', 'case_id', 'kind', 'at', 'text_sealed', 'message_id'],
      events.map((e, n) => [officeId, e.eventId, e.filedOn, 'message', e.at, headings[n]!, e.id].join(',') + '\n'),
    );
  }
}
