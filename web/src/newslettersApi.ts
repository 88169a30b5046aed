import type { z } from 'zod';
import type { mailingBody, mailingListSchema, mailingSchema, previewSchema, reportSchema, settingsBody, settingsSchema, testSendSchema } from '../../src/modules/newsletters/schemas.js';
import { request, type Wire } from './api.js';

/** The newsletters part of the API (src/modules/newsletters/routes.ts); response types from its schemas. */

type Out<S extends z.ZodType> = Wire<z.infer<S>>;
export type MailingList = Out<typeof mailingListSchema>;
export type Mailing = Out<typeof mailingSchema>;
export type MailingFields = z.input<typeof mailingBody>;
export type MailingPreview = Out<typeof previewSchema>;
export type MailingReport = Out<typeof reportSchema>;
export type TestSend = Out<typeof testSendSchema>;
export type NewsletterSettings = Out<typeof settingsSchema>;
export type NewsletterSettingsChange = z.input<typeof settingsBody>;

const at = (mailingId: string) => `/newsletters/${encodeURIComponent(mailingId)}`;

export const newslettersApi = {
  mailings: (signal?: AbortSignal) => request<MailingList>('GET', '/newsletters', { signal }),
  mailing: (mailingId: string, signal?: AbortSignal) => request<Mailing>('GET', at(mailingId), { signal }),
  create: (body: MailingFields) => request<Mailing>('POST', '/newsletters', { body }),
  update: (mailingId: string, body: MailingFields) => request<Mailing>('PUT', at(mailingId), { body }),
  /** Who would get it now, and by count who would not and why; nothing is sent. */
  preview: (mailingId: string) => request<MailingPreview>('POST', `${at(mailingId)}/preview`, { body: {} }),
  sendTest: (mailingId: string) => request<TestSend>('POST', `${at(mailingId)}/test`, { body: {} }),
  send: (mailingId: string) => request<Mailing>('POST', `${at(mailingId)}/send`, { body: {} }),
  report: (mailingId: string, signal?: AbortSignal) => request<MailingReport>('GET', `${at(mailingId)}/report`, { signal }),
  settings: (signal?: AbortSignal) => request<NewsletterSettings>('GET', '/newsletters/settings', { signal }),
  saveSettings: (body: NewsletterSettingsChange) => request<NewsletterSettings>('PUT', '/newsletters/settings', { body }),
};
