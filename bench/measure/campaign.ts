import { sql } from 'kysely';
import { clients } from '../../src/modules/correspondence/campaigns/test-fixtures/campaign-mail.js';
import { withOffice } from '../../src/db/scope.js';
import { campaignText } from '../../src/modules/correspondence/campaigns/normalise.js';
import { joinGroups } from '../../src/modules/correspondence/campaigns/repo.js';
import { importEmail } from '../../src/modules/correspondence/import-service.js';
import { readEmail } from '../../src/modules/correspondence/ingest.js';
import { mbox } from '../../src/modules/correspondence/test-fixtures/mail.js';
import type { SignedInUser } from '../../src/platform/access/access.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import type { Postbag } from '../../src/server.js';
import { timed } from './stats.js';

/** Messages an import stores in one transaction (import-service.ts). */
const IMPORT_BATCH = 50;

/** Issue 11's target: grouping 5,000 campaign messages among 100,000, on PostgreSQL. */
export const CAMPAIGN_TARGET_SECONDS = 10;

export interface CampaignFigures {
  /** Campaign messages imported (an mbox through the import service: parse, match, seal, store, group). */
  campaign: number;
  /** Messages in the office before they came. */
  among: number;
  /** The whole import, grouping included: bound by parsing and sealing, as any mbox import is. */
  seconds: number;
  messagesPerSecond: number;
  /** The grouping step alone, as ingest runs it for each message (normalise, HMAC, join the group), for all of them again in one transaction. */
  groupingSeconds: number;
  /** Groups the campaign's messages formed: 1 when every copy was recognised. */
  groups: number;
  /** GET /inbox (the first page, the campaign as one row) and GET /campaigns/:id (every sender), ms. */
  inboxMs: number;
  campaignMs: number;
}

/**
 * The office's inbox already grouped as ingest would have done it (each waiting message unlinked
 * to a case in a group of its own; seeded messages skip ingest), then `count` copies of one
 * campaign letter from the office's people, from four mail programs in turn, each with its
 * sender's name in the greeting and sign-off, imported as one mbox and timed.
 */
export async function measureCampaign(postbag: Postbag, manager: SignedInUser, headers: Record<string, string>, count: number, log: (message: string) => void): Promise<CampaignFigures> {
  const { db } = postbag.database;
  await sql`
    WITH waiting AS (
      SELECT m.office_id, m.id FROM messages m
      WHERE m.state = 'inbox' AND m.case_id IS NULL AND NOT EXISTS (SELECT 1 FROM campaign_members cm WHERE cm.office_id = m.office_id AND cm.message_id = m.id)
    ), made AS (
      INSERT INTO campaign_groups (office_id, id, signature)
      SELECT office_id, id, decode(md5(id::text) || md5(reverse(id::text)), 'hex') FROM waiting RETURNING office_id, id
    )
    INSERT INTO campaign_members (office_id, message_id, group_id) SELECT office_id, id, id FROM made`.execute(db);
  const among = Number((await db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const senders = await db
    .selectFrom('contact_points as cp')
    .innerJoin('persons as p', (j) => j.onRef('p.office_id', '=', 'cp.office_id').onRef('p.id', '=', 'cp.person_id'))
    .select(['cp.value', 'p.given_name', 'p.family_name'])
    .where('cp.office_id', '=', DEMO_OFFICE_ID)
    .where('cp.kind', '=', 'email')
    .orderBy('cp.id')
    .limit(count)
    .execute();
  const programs = Object.values(clients);
  const raws = Array.from({ length: count }, (_, i) => {
    const sender = senders[i % senders.length];
    const from = sender ? { name: `${sender.given_name} ${sender.family_name}`.trim(), address: sender.value } : { name: `Writer ${i}`, address: `writer${i}@example.org` };
    return programs[i % programs.length]!(`bench-campaign-${i}@mail.example`, from);
  });
  const archive = mbox(raws);
  await sql`ANALYZE messages, campaign_groups, campaign_members`.execute(db);
  log(`campaign: ${count.toLocaleString('en-GB')} copies of one letter among ${among.toLocaleString('en-GB')} messages, ${(archive.length / 1e6).toFixed(1)} MB`);
  const run = await timed(() => importEmail(postbag.ctx, manager, 'application/mbox', archive));
  if (run.value.stored !== count) throw new Error(`the campaign import stored ${run.value.stored} of ${count} messages: ${JSON.stringify(run.value.rejected.slice(0, 3))}`);
  const ids = run.value.messages.flatMap((m) => m.messageId ?? []);
  const grouping = await regroup(postbag, ids, raws);
  const groups = await db.selectFrom('campaign_members').select('group_id').distinct().where('message_id', 'in', ids).execute();
  const inbox = await timed(() => postbag.app.inject({ method: 'GET', url: '/api/v1/inbox?limit=50', headers }));
  if (inbox.value.statusCode !== 200) throw new Error(`GET /inbox answered ${inbox.value.statusCode}: ${inbox.value.body}`);
  const campaign = await timed(() => postbag.app.inject({ method: 'GET', url: `/api/v1/campaigns/${groups[0]?.group_id ?? ''}`, headers }));
  if (campaign.value.statusCode !== 200) throw new Error(`GET /campaigns/:id answered ${campaign.value.statusCode}: ${campaign.value.body}`);
  const figures = { campaign: count, among, seconds: run.seconds, messagesPerSecond: count / run.seconds, groupingSeconds: grouping, groups: groups.length, inboxMs: inbox.seconds * 1000, campaignMs: campaign.seconds * 1000 };
  log(
    `campaign: grouped ${count.toLocaleString('en-GB')} in ${grouping.toFixed(1)} s (target < ${CAMPAIGN_TARGET_SECONDS} s; the whole import ${figures.seconds.toFixed(1)} s), ${figures.groups} group(s); inbox ${figures.inboxMs.toFixed(0)} ms, campaign page ${figures.campaignMs.toFixed(0)} ms`,
  );
  return figures;
}

/**
 * Takes the stored campaign messages out of their group and groups them again with ingest's own
 * functions, in one transaction: the texts as ingest read them (parsed before the clock starts).
 */
async function regroup(postbag: Postbag, messageIds: readonly string[], raws: readonly Buffer[]): Promise<number> {
  const { db } = postbag.database;
  const texts = await Promise.all(raws.map(async (raw) => ((await readEmail(raw, 'import')) as { text: string }).text));
  await db.deleteFrom('campaign_members').where('message_id', 'in', [...messageIds]).execute();
  const run = await timed(() =>
    withOffice(db, DEMO_OFFICE_ID, async (tx) => {
      // In the import's batches of 50, as ingest joins them.
      for (let first = 0; first < messageIds.length; first += IMPORT_BATCH) {
        const batch = messageIds.slice(first, first + IMPORT_BATCH).flatMap((messageId, k) => {
          const text = campaignText(texts[first + k]!);
          return text ? [{ messageId, signature: postbag.keystore.textSignature(DEMO_OFFICE_ID, text) }] : [];
        });
        await joinGroups(tx, DEMO_OFFICE_ID, batch);
      }
    }),
  );
  return run.seconds;
}
