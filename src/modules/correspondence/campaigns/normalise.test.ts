import { describe, expect, it } from 'vitest';
import { campaignText } from './normalise.js';

const words = 'I am writing to ask you to support the Clean Rivers Bill when it comes before Parliament next month. Please vote for it.';

describe('what counts as the same campaign text', () => {
  it('ignores the greeting, the sign-off and what follows it, a signature, quoting, case, spacing, wrapping and punctuation', () => {
    const plain = campaignText(words);
    expect(plain).toBe('i am writing to ask you to support the clean rivers bill when it comes before parliament next month please vote for it');
    for (const variant of [
      `Dear Sam Taylor,\n\n${words}\n\nYours sincerely,\nAmina Khan\n12 Mill Lane\nB63 3AA`,
      `Hi Sam\n${words.toUpperCase().replace(/ /g, '   ')}\nThanks!`,
      `${words.replace('month. ', 'month.\r\n')}\n\n-- \nJo Bloggs\n07700 900123`,
      `${words}\n\nOn Mon, 16 Nov 2026 at 10:02, Clean Rivers <act@rivers.example> wrote:\n> Write to your MP`,
      `${words}\n\n-----Original Message-----\nFrom: someone`,
      `${words}\n\nSent from my iPhone`,
      `  ${words.replace('Bill', '“Bill”')}  `,
    ]) {
      expect(campaignText(variant), variant).toBe(plain);
    }
  });

  it('tells apart a text with words added or changed, and leaves short messages ungrouped', () => {
    expect(campaignText(`${words} My own street floods every winter.`)).not.toBe(campaignText(words));
    expect(campaignText(words.replace('next month', 'next week'))).not.toBe(campaignText(words));
    expect(campaignText('Dear Sam,\nThank you so much for your help with my housing.\nBest wishes,\nAmina')).toBeNull();
    expect(campaignText('')).toBeNull();
  });
});
