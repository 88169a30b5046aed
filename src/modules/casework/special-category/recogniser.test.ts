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

  it('reads a building by its name and a doctor\'s practice by what is said of it', () => {
    expect(categories('Name: Joan Ellis\nAddress: Cancer Care Centre, Hope Street, Leeds\nMessage: the bus shelter is smashed')).toEqual([]);
    expect(categories('The Cancer Care Centre on Hope Street needs a crossing')).toEqual([]);
    expect(categories('the GP surgery on Mill Lane has changed its opening hours')).toEqual([]);
    expect(categories('my GP surgery cancelled my appointment for the third time')).toEqual(['health']);
    expect(categories('i feel singled out by the housing officer')).toEqual([]);
    expect(categories('the roller blinds were never put back and the blind bend needs a mirror')).toEqual([]);
  });

  it('finds a same-sex couple from what the writer says of themselves and their partner', () => {
    expect(detectSpecialCategories('my partner is a man and i am a man, the venue cancelled')).toEqual([
      { category: 'sex_life_or_sexual_orientation', words: ['i am a man', 'my partner is a man'] },
    ]);
    expect(categories("I'm a woman and my wife is being refused a visa")).toEqual(['sex_life_or_sexual_orientation']);
    expect(categories('i am a woman and my husband works nights')).toEqual([]);
  });

  it('finds membership of, support for and votes for a party, not a party wall or a birthday party', () => {
    expect(categories("I'm a Labour party member")).toEqual(['political_opinions']);
    expect(categories('i voted Reform last time')).toEqual(['political_opinions']);
    expect(categories('he is an SNP activist')).toEqual(['political_opinions']);
    expect(categories('we need a party wall agreement before the birthday party')).toEqual([]);
    expect(categories('benefit reform has cut my UC and the green bin is not emptied')).toEqual([]);
  });

  it('corrects misspelt conditions, knows the abbreviations, and not everyday words one letter away', () => {
    for (const text of ['he has diabeties', 'my nan has alzhiemers', 'she has epilepsey', 'my brother has skitsophrenia', 'my husband has MS', 'i have ME/CFS', 'PTSD since the army', 'my son has ADHD', 'i have COPD', 'my LCWRA was stopped']) {
      expect(categories(text), text).toEqual(['health']);
    }
    expect(categories('in addition, thank you for your dedication; a scammer rang about the concession')).toEqual([]);
    expect(categories('PLEASE SEND ME THE FORM, CAN SOMEONE CALL ME BACK')).toEqual([]);
    expect(categories('MY MUM HAS MS')).toEqual(['health']);
  });
});
