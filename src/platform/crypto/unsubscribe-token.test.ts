import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.js';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.js';

const master = randomBytes(32);
const claim = { officeId: newId(), personId: newId(), purposeId: newId(), messageId: newId() };

describe('the unsubscribe token', () => {
  it('says which office, person, purpose and message it was made for, in a URL-safe word', () => {
    const token = unsubscribeToken(master, claim);
    expect(token).toMatch(/^[A-Za-z0-9_-]{100,120}$/);
    expect(readUnsubscribeToken(master, token)).toEqual(claim);
  });

  it('is no token at all once any character is changed, under another master key, or cut short', () => {
    const token = unsubscribeToken(master, claim);
    for (let i = 0; i < token.length; i += 1) {
      const swapped = token[i] === 'A' ? 'B' : 'A';
      expect(readUnsubscribeToken(master, token.slice(0, i) + swapped + token.slice(i + 1)), `character ${i}`).toBeUndefined();
    }
    expect(readUnsubscribeToken(randomBytes(32), token)).toBeUndefined();
    expect(readUnsubscribeToken(master, token.slice(0, -1))).toBeUndefined();
    expect(readUnsubscribeToken(master, `${token}A`)).toBeUndefined();
    expect(readUnsubscribeToken(master, 'not-a-token')).toBeUndefined();
    expect(readUnsubscribeToken(master, '')).toBeUndefined();
    expect(readUnsubscribeToken(master, `${token.slice(0, 10)}%2F${token.slice(13)}`)).toBeUndefined();
  });

  it('cannot be moved to another person by swapping the ids inside it', () => {
    const other = unsubscribeToken(master, { ...claim, personId: newId() });
    const mine = Buffer.from(unsubscribeToken(master, claim), 'base64url');
    const theirs = Buffer.from(other, 'base64url');
    // Their person, my signature.
    const spliced = Buffer.concat([mine.subarray(0, 17), theirs.subarray(17, 33), mine.subarray(33)]).toString('base64url');
    expect(readUnsubscribeToken(master, spliced)).toBeUndefined();
  });
});
