import type { z } from 'zod';
import type { personSignupsSchema, topicSubscribersSchema } from '../../src/modules/consent/subscriptions/schemas.js';
import { request, type Wire } from './api.js';

/** The staff side of public sign-ups (consent/subscriptions): subscribers by topic, and how a person subscribed. */
export type TopicSubscribers = Wire<z.infer<typeof topicSubscribersSchema>>;
export type PersonSignups = Wire<z.infer<typeof personSignupsSchema>>;

export const subscriptionsApi = {
  topicSubscribers: (signal?: AbortSignal) => request<TopicSubscribers>('GET', '/subscriptions/topics', { signal }),
  personSignups: (personId: string, signal?: AbortSignal) => request<PersonSignups>('GET', `/people/${encodeURIComponent(personId)}/subscriptions`, { signal }),
};
