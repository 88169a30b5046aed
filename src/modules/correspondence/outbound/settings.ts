import type { Kysely } from 'kysely';
import { withOffice } from '../../../db/scope.js';
import type { DB } from '../../../db/schema.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { drawable } from './pdf.js';
import * as repo from './repo.js';
import type { SettingsBody, SettingsView } from './schemas.js';

export const MAX_LOGO_BYTES = 1024 * 1024;
export const LOGO_URL = '/api/v1/office/correspondence/logo';

function view(row: repo.SettingsRow | undefined): SettingsView {
  return {
    fromAddress: row?.from_address ?? null,
    signature: row?.signature ?? '',
    letterheadAddress: row?.letterhead_address ?? '',
    privacyNoticeUrl: row?.privacy_notice_url ?? null,
    logo: row?.logo_type ? { contentType: row.logo_type, url: LOGO_URL } : null,
    updatedAt: row?.updated_at ?? null,
  };
}

export async function getSettings(db: Kysely<DB>, user: SignedInUser): Promise<SettingsView> {
  return view(await withOffice(db, user.officeId, (tx) => repo.findSettings(tx, user.officeId)));
}

export async function saveSettings(db: Kysely<DB>, user: SignedInUser, body: SettingsBody): Promise<SettingsView> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    await repo.saveSettings(tx, officeId, {
      from_address: body.fromAddress,
      signature: body.signature,
      letterhead_address: body.letterheadAddress,
      privacy_notice_url: body.privacyNoticeUrl,
    });
    await recordAudit(tx, officeId, user, { action: 'office.correspondence_changed', recordType: 'office', recordIds: [officeId] });
    return view(await repo.findSettings(tx, officeId));
  });
}

/** What the file's first bytes say it is: only PNG and JPEG are taken, whatever its name or declared type. */
export function logoType(bytes: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  return undefined;
}

export async function saveLogo(db: Kysely<DB>, user: SignedInUser, bytes: Buffer): Promise<SettingsView> {
  const type = logoType(bytes);
  if (!type) throw new AppError(ErrorCode.UnsupportedMediaType, 'The logo must be a PNG or JPEG image; this file is neither. Nothing was changed.');
  if (!(await drawable(bytes))) throw new AppError(ErrorCode.UnsupportedMediaType, 'The logo starts like a PNG or JPEG image but cannot be read (damaged or cut short?). Save it again and upload it. Nothing was changed.');
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    await repo.saveSettings(tx, officeId, { logo: bytes, logo_type: type });
    await recordAudit(tx, officeId, user, { action: 'office.logo_changed', recordType: 'office', recordIds: [officeId] });
    return view(await repo.findSettings(tx, officeId));
  });
}

export async function getLogo(db: Kysely<DB>, user: SignedInUser): Promise<{ bytes: Buffer; type: string }> {
  const row = await withOffice(db, user.officeId, (tx) => repo.findLogo(tx, user.officeId));
  if (!row?.logo || !row.logo_type) throw new AppError(ErrorCode.NotFound, 'The office has no logo yet: upload one with PUT /api/v1/office/correspondence/logo.');
  return { bytes: row.logo, type: row.logo_type };
}
