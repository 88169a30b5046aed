import { diffLines } from 'diff';
import type { Kysely } from 'kysely';
import type { Config } from '../../../config.js';
import { isUuid } from '../../../db/ids.js';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import type { DB } from '../../../db/schema.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode, type FieldProblem } from '../../../platform/errors/errors.js';
import { controllerDetails, officeNames } from '../../offices/service.js';
import { purposeView } from '../purpose-view.js';
import * as purposes from '../repo.js';
import { type NoticeSource, noticeDocument } from './document.js';
import { noNoticePage, noticePage, previewPage, publishedOn } from './page.js';
import { noticeProblems } from './problems.js';
import { renderNotice } from './render.js';
import * as repo from './repo.js';

type Ico = Config['ico'];

/** What the notice is made from now: the office's details and its current purposes. */
async function currentSource(tx: OfficeTx, officeId: string, ico: Ico): Promise<NoticeSource> {
  const [names, controller, rows] = await Promise.all([officeNames(tx, officeId), controllerDetails(tx, officeId), purposes.listPurposes(tx, officeId)]);
  if (!names || !controller) throw new AppError(ErrorCode.NotFound, `There is no office with the id ${officeId}.`);
  const { memberName, ...details } = controller;
  return { office: { name: names.name, memberName, ...details }, purposes: rows.filter((p) => !p.retired_at).map(purposeView), ico };
}

const versionSummary = (v: Awaited<ReturnType<typeof repo.listVersions>>[number]) => ({
  number: v.number,
  publishedAt: v.published_at,
  publishedBy: v.published_by,
  note: v.note,
  significant: v.significant,
});
export type VersionSummary = ReturnType<typeof versionSummary>;

/** The staff page: every version (newest first, so the current one leads) and what stops publishing now. */
export async function noticeOverview(db: Kysely<DB>, ico: Ico, user: SignedInUser): Promise<{ versions: VersionSummary[]; problems: FieldProblem[] }> {
  return withOffice(db, user.officeId, async (tx) => {
    const [versions, source] = await Promise.all([repo.listVersions(tx, user.officeId), currentSource(tx, user.officeId, ico)]);
    return { versions: versions.map(versionSummary), problems: noticeProblems(source) };
  });
}

/** What publishing now would give, as the public page would show it, with what stops it. */
export async function previewNotice(db: Kysely<DB>, ico: Ico, user: SignedInUser): Promise<string> {
  const source = await withOffice(db, user.officeId, (tx) => currentSource(tx, user.officeId, ico));
  return previewPage(source.office.name, renderNotice(noticeDocument(source)).html, noticeProblems(source).map((p) => p.message));
}

/**
 * Publishes the notice as the record and the office's details now make it: the next number, the
 * page as rendered, its text and its source, kept for ever; audited in the same transaction.
 * Refused, changing nothing, while the record or the details leave something out.
 */
export async function publishNotice(db: Kysely<DB>, ico: Ico, user: SignedInUser, body: { note: string; significant: boolean }): Promise<VersionSummary> {
  const { officeId } = user;
  try {
    return await withOffice(db, officeId, async (tx) => {
      const source = await currentSource(tx, officeId, ico);
      const problems = noticeProblems(source);
      if (problems.length) {
        throw new AppError(ErrorCode.Conflict, `The privacy notice cannot be published yet. ${problems.map((p) => `${p.message}.`).join(' ')} Nothing was published.`, problems);
      }
      const rendered = renderNotice(noticeDocument(source));
      const number = (await repo.latestNumber(tx, officeId)) + 1;
      await repo.insertVersion(tx, officeId, { number, publishedBy: user.userId, note: body.note, significant: body.significant, html: rendered.html, text: rendered.text, source });
      await recordAudit(tx, officeId, user, { action: 'privacy_notice.published', recordType: 'office', recordIds: [officeId, `version:${number}`] });
      return versionSummary((await repo.listVersions(tx, officeId))[0]!);
    });
  } catch (error) {
    // Two publishing at the same moment: the second's number is taken.
    if ((error as { code?: string }).code === '23505') throw new AppError(ErrorCode.Conflict, 'Another version was published at the same moment. Reload the page to see it, then publish again if you still need to. Nothing was published.');
    throw error;
  }
}

export type DiffPart = { change: 'added' | 'removed' | 'unchanged'; lines: string[] };

/** What changed from one version to another, line by line of their published texts (jsdiff). */
export async function diffVersions(db: Kysely<DB>, user: SignedInUser, from: number, to: number): Promise<{ from: VersionSummary; to: VersionSummary; parts: DiffPart[] }> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    const [versions, a, b] = await Promise.all([repo.listVersions(tx, officeId), repo.findVersion(tx, officeId, from), repo.findVersion(tx, officeId, to)]);
    const missing = [!a && from, !b && to].filter((n): n is number => typeof n === 'number');
    if (!a || !b) throw new AppError(ErrorCode.NotFound, `There is no version ${[...new Set(missing)].join(' or ')} of the privacy notice.`);
    const summary = (n: number) => versionSummary(versions.find((v) => v.number === n)!);
    const parts = diffLines(a.text, b.text).map((c): DiffPart => ({ change: c.added ? 'added' : c.removed ? 'removed' : 'unchanged', lines: c.value.split('\n').filter((l) => l.trim() !== '') }));
    return { from: summary(from), to: summary(to), parts: parts.filter((p) => p.lines.length) };
  });
}

/** A public page of the notice: a version (the current one when no number is given), or a page in words saying there is none. */
export async function publicNoticePage(db: Kysely<DB>, officeId: string, number?: number): Promise<{ status: 200 | 404; page: string }> {
  const noOffice = { status: 404, page: noNoticePage(undefined, 'Page not found', 'There is no privacy notice at this address. Check the link on your representative’s website.') } as const;
  if (!isUuid(officeId)) return noOffice;
  return withOffice(db, officeId, async (tx) => {
    const names = await officeNames(tx, officeId);
    if (!names) return noOffice;
    const [versions, shown] = await Promise.all([repo.listVersions(tx, officeId), repo.findVersion(tx, officeId, number)]);
    if (!shown) {
      return number === undefined || versions.length === 0
        ? { status: 404, page: noNoticePage(names.name, 'No privacy notice published yet', `${names.member_name}’s office has not published its privacy notice here yet. Ask the office for a copy: it must tell you how it uses your information.`) }
        : { status: 404, page: noNoticePage(names.name, 'Version not found', `There is no version ${number} of ${names.member_name}’s privacy notice. The current one is version ${versions[0]!.number}.`) };
    }
    return { status: 200, page: noticePage(names.name, officeId, shown, versions) };
  });
}

/**
 * What the people who must be told of a significant version are sent: its subject and text, for
 * the one send path to queue to each current subscriber (not a marketing message: it goes to those
 * who unsubscribed from newsletters too). Undefined unless that version exists and is significant.
 * The subscriptions, and so the queueing, are not built yet: this is the seam they call.
 */
export async function noticeChangeAnnouncement(tx: OfficeTx, officeId: string, number: number, origin: string): Promise<{ subject: string; text: string } | undefined> {
  const [names, version] = await Promise.all([officeNames(tx, officeId), repo.findVersion(tx, officeId, number)]);
  if (!names || !version?.significant) return undefined;
  return {
    subject: `${names.member_name} has changed their privacy notice`,
    text: [
      `${names.member_name} has changed the privacy notice that says how their office uses your personal information.`,
      `What has changed: ${version.note}`,
      `Read the new notice (version ${number}, published ${publishedOn(version.published_at)}): ${origin}/privacy/${officeId}/versions/${number}`,
      'We are telling you because it is about your information; it is not a newsletter.',
    ].join('\n\n'),
  };
}

/** The number of the notice now published, null before the first: the version a consent event records as shown (inside the caller's transaction). */
export async function currentNoticeVersion(tx: OfficeTx, officeId: string): Promise<number | null> {
  return (await repo.latestNumber(tx, officeId)) || null;
}

/** Whether the office published a version of this number (a consent event naming one that was never shown is refused). */
export async function noticeVersionExists(tx: OfficeTx, officeId: string, number: number): Promise<boolean> {
  return Number.isInteger(number) && number >= 1 && (await repo.findVersion(tx, officeId, number)) !== undefined;
}
