import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldInWords, problemsInWords, validationFailed } from './errors.js';

describe('a field named in the office’s words', () => {
  it.each([
    ['body.outcomeNote', 'Outcome note'],
    ['body.ownerId', 'Owner'],
    ['body.topicIds.2', 'Topics, item 3'],
    ['body.contactPoints.0.value', 'Value (contact points, item 1)'],
    ['query.status', 'Status'],
    ['/code', 'Code'],
    ['body.due_on', 'Due on'],
    ['body', 'The request'],
  ])('%s is "%s"', (path, words) => expect(fieldInWords(path)).toBe(words));

  it('makes each problem a sentence, whatever punctuation the message ended with', () => {
    expect(problemsInWords([{ path: 'body.outcomeNote', message: 'must not be empty' }, { path: 'body.outcome', message: 'must be one of: a, b. ' }])).toBe(
      'Outcome note must not be empty. Outcome must be one of: a, b.',
    );
    expect(validationFailed([{ path: 'body.summary', message: 'is required' }], 'The case cannot be saved.').message).toBe('The case cannot be saved. Summary is required. Nothing was changed.');
  });
});

describe('what a schema without its own wording says', () => {
  const schema = z.strictObject({
    outcome: z.enum(['resolved', 'withdrawn']),
    ownerId: z.uuid(),
    email: z.email(),
    days: z.number().int().min(1).max(90),
    topicIds: z.array(z.string()).min(1).max(2),
    sensitive: z.boolean(),
    reference: z.string().max(3),
  });
  const messages = (input: unknown) => Object.fromEntries(schema.safeParse(input).error?.issues.map((i) => [i.path.join('.') || '(object)', i.message]) ?? []);

  it('says what is wanted in plain words, never "Invalid input: expected string"', () => {
    expect(messages({ outcome: 'won', ownerId: 'me', email: 'ada at home', days: 120, topicIds: ['a', 'b', 'c'], sensitive: 'yes', reference: 'ABCD', extra: 1 })).toEqual({
      outcome: 'must be one of: resolved, withdrawn',
      ownerId: 'must be an id as Postbag gives them (a UUID)',
      email: 'must be an e-mail address, e.g. name@example.org',
      days: 'must be at most 90',
      topicIds: 'must have at most 2 items',
      sensitive: 'must be true or false',
      reference: 'must be at most 3 characters',
      '(object)': 'has unknown field(s) "extra"; check the spelling',
    });
    expect(messages({ outcome: 'resolved', ownerId: '9b2f0d5e-6a37-4c4b-9d0e-2b1f3c4d5e6f', email: 'a@b.org', days: 0.5, topicIds: [], sensitive: true })).toEqual({
      days: 'must be a whole number',
      topicIds: 'must name at least one',
      reference: 'is required',
    });
  });

  it('gives way to a schema’s own message', () => {
    expect(z.string({ error: 'must be the summary' }).safeParse(1).error?.issues[0]?.message).toBe('must be the summary');
  });
});
