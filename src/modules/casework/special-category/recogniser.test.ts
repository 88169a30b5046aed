import { describe, expect, it } from 'vitest';
import { detectSpecialCategories } from './index.js';

const categories = (text: string) => detectSpecialCategories(text).map((f) => f.category);

/** The rules a caseworker would notice one by one; the labelled set measures them together. */
describe('special category recogniser', () => {
  it('names each category with the words that raised it, as written', () => {
    expect(detectSpecialCategories('My son was remanded in custody; he has epilepsey and his Unison rep is helping')).toEqual([
      { category: 'health', words: ['epilepsey'] },
      { category: 'trade_union_membership', words: ['unison'] },
      { category: 'criminal_offences', words: ['custody', 'remanded'] },
    ]);
  });

  it('never counts a street, a building or the contact form address block', () => {
    expect(categories('Name: Jo Bloggs\nAddress: 4 Hospital Lane, Leeds LS1 1AA\nMessage: the bins on Church Road were missed')).toEqual([]);
    expect(categories('The quiz is at St Mary\'s Church Hall on Friday')).toEqual([]);
    expect(categories('Address: 4 Mosque Street, Bradford BD3 9JP\nMessage: my son has asthma')).toEqual(['health']);
  });

  it('decides ambiguous words by their context', () => {
    expect(categories('a race night at the scout hut')).toEqual([]);
    expect(categories('I was refused because of my race')).toEqual(['racial_or_ethnic_origin']);
    expect(categories('when is your next surgery')).toEqual([]);
    expect(categories('I had surgery on my knee in May')).toEqual(['health']);
    expect(categories('the council charged me twice for parking')).toEqual([]);
    expect(categories('he was charged with burglary')).toEqual(['criminal_offences']);
    expect(categories('the black bins were not emptied')).toEqual([]);
    expect(categories('we are treated badly because we are Black')).toEqual(['racial_or_ethnic_origin']);
    expect(categories('the field has been sectioned off')).toEqual([]);
    expect(categories('my brother was sectioned last week')).toEqual(['health']);
    expect(categories('I have joint custody of the children')).toEqual([]);
    expect(categories('a credit union loan')).toEqual([]);
    expect(categories('I spoke with Ms Smith at the council')).toEqual([]);
    expect(categories('my mum has MS')).toEqual(['health']);
  });
});
