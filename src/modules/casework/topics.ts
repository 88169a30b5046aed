import type { AppContext } from '../../context.js';
import { newId } from '../../db/ids.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors/errors.js';

/** The office's own list of case topics: the manager edits it; a retired topic stays on its cases. */

export const DEFAULT_TOPICS = ['Housing', 'Benefits', 'Immigration', 'Health', 'Education', 'Crime', 'Transport', 'Tax', 'Planning', 'Environment'];

export async function addDefaultTopics(tx: OfficeTx, officeId: string): Promise<void> {
  await tx.insertInto('topics').values(DEFAULT_TOPICS.map((name) => ({ office_id: officeId, id: newId(), name }))).execute();
}

type Deps = Pick<AppContext, 'db'>;

function listTopicRows(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('topics')
    .leftJoin('case_topics', (j) => j.onRef('case_topics.office_id', '=', 'topics.office_id').onRef('case_topics.topic_id', '=', 'topics.id'))
    .select(['topics.id', 'topics.name', 'topics.retired_at', (eb) => eb.fn.count<string>('case_topics.case_id').as('cases')])
    .where('topics.office_id', '=', officeId)
    .groupBy(['topics.id', 'topics.name', 'topics.retired_at'])
    .orderBy('topics.name')
    .execute();
}

export async function listTopics(deps: Deps, user: SignedInUser) {
  const rows = await withOffice(deps.db, user.officeId, (tx) => listTopicRows(tx, user.officeId));
  return { topics: rows.map((t) => ({ id: t.id, name: t.name, retired: t.retired_at !== null, cases: Number(t.cases) })) };
}

const taken = (name: string) =>
  new AppError(ErrorCode.Conflict, `The office already has a topic called "${name}" (names are compared without regard to capitals).`, [{ path: 'body.name', message: 'is already a topic' }]);

async function nameTaken(tx: OfficeTx, officeId: string, name: string, except?: string): Promise<boolean> {
  let query = tx.selectFrom('topics').select('id').where('office_id', '=', officeId).where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (except) query = query.where('id', '<>', except);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createTopic(deps: Deps, user: SignedInUser, name: string) {
  const { officeId } = user;
  const id = newId();
  await withOffice(deps.db, officeId, async (tx) => {
    if (await nameTaken(tx, officeId, name)) throw taken(name);
    await tx.insertInto('topics').values({ office_id: officeId, id, name }).execute();
    await recordAudit(tx, officeId, user, { action: 'topic.created', recordType: 'topic', recordIds: [id] });
  });
  return (await listTopics(deps, user)).topics.find((t) => t.id === id)!;
}

export async function updateTopic(deps: Deps, user: SignedInUser, topicId: string, change: { name?: string | undefined; retired?: boolean | undefined }) {
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    const topic = await tx.selectFrom('topics').select(['id', 'retired_at']).where('office_id', '=', officeId).where('id', '=', topicId).forUpdate().executeTakeFirst();
    if (!topic) throw notFound('topic');
    if (change.name !== undefined && (await nameTaken(tx, officeId, change.name, topicId))) throw taken(change.name);
    await tx
      .updateTable('topics')
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.retired !== undefined ? { retired_at: change.retired ? (topic.retired_at ?? new Date()) : null } : {}),
      })
      .where('office_id', '=', officeId)
      .where('id', '=', topicId)
      .execute();
    await recordAudit(tx, officeId, user, { action: 'topic.updated', recordType: 'topic', recordIds: [topicId] });
  });
  return (await listTopics(deps, user)).topics.find((t) => t.id === topicId)!;
}
