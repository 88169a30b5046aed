/**
 * The trigger-word recogniser as it was before issue 15, kept only as the special category
 * benchmark's baseline (bench/measure/special-category.ts). Nothing in the app uses it.
 */
import { specialCategories, type SpecialCategory } from '../../src/modules/casework/special-category/categories.js';
import { wordsOf } from '../../src/modules/casework/text.js';


const triggers: Record<SpecialCategory, string[]> = {
  health: [
    'health', 'medical', 'medication', 'illness', 'ill', 'sick', 'sickness', 'disabled', 'disability', 'disabilities', 'cancer',
    'chemotherapy', 'diabetes', 'diabetic', 'dementia', 'alzheimers', 'depression', 'anxiety', 'mental', 'psychiatric', 'hospital',
    'nhs', 'gp', 'doctor', 'nurse', 'pregnant', 'pregnancy', 'miscarriage', 'pip', 'personal independence payment',
    'esa', 'wheelchair', 'autism', 'autistic', 'adhd', 'asthma', 'stroke', 'hiv', 'terminal', 'terminally', 'diagnosis', 'diagnosed',
    'additional needs', 'special needs', 'special educational needs', 'ehcp', 'addiction', 'alcoholism', 'overdose', 'suicide', 'suicidal',
    'self harm', 'blind', 'deaf', 'mobility', 'care home', 'carer',
  ],
  racial_or_ethnic_origin: ['race', 'racial', 'racism', 'racist', 'ethnic', 'ethnicity', 'traveller', 'gypsy', 'roma'],
  religious_or_philosophical_beliefs: [
    'religion', 'religious', 'faith', 'church', 'mosque', 'synagogue', 'gurdwara', 'muslim', 'islam', 'islamic', 'christian',
    'jewish', 'judaism', 'hindu', 'sikh', 'buddhist', 'catholic', 'atheist', 'humanist', 'halal', 'kosher',
  ],
  sex_life_or_sexual_orientation: ['gay', 'lesbian', 'bisexual', 'homosexual', 'sexuality', 'sexual orientation', 'sex life', 'lgbt', 'lgbtq'],
  trade_union_membership: ['trade union', 'union member', 'union membership', 'union rep', 'unison', 'unite union', 'gmb', 'rmt'],
  political_opinions: [
    'political', 'politics', 'party member', 'party membership', 'labour party', 'conservative party', 'liberal democrats', 'green party',
    'reform uk', 'snp', 'plaid cymru', 'sinn fein', 'dup',
  ],
  genetic: ['genetic', 'genetics', 'dna'],
  biometric: ['biometric', 'biometrics', 'fingerprint', 'fingerprints', 'facial recognition'],
  criminal_offences: [
    'arrest', 'arrested', 'conviction', 'convictions', 'convicted', 'criminal', 'offence', 'offences', 'offender', 'prison', 'prisoner',
    'jail', 'probation', 'police caution', 'sentenced', 'dbs',
  ],
};

/** Phrases as word lists, longest first so "special educational needs" wins over "special needs". */
const phrases = specialCategories
  .flatMap((category) => triggers[category].map((phrase) => ({ category, words: wordsOf(phrase) })))
  .sort((a, b) => b.words.length - a.words.length);

interface SpecialCategoryMatch {
  category: SpecialCategory;
  /** The words as they matched (normalised), e.g. "hospital". */
  words: string[];
}

const plural = (word: string, trigger: string) => word === trigger || word === `${trigger}s`;

/** What in `text` is special category data, and the words that say so. */
export function detectByTriggerWords(text: string): SpecialCategoryMatch[] {
  const words = wordsOf(text);
  const found = new Map<SpecialCategory, Set<string>>();
  for (let i = 0; i < words.length; i++) {
    for (const phrase of phrases) {
      const last = phrase.words.length - 1;
      if (i + last >= words.length) continue;
      if (!phrase.words.every((w, k) => (k === last ? plural(words[i + k]!, w) : words[i + k] === w))) continue;
      const set = found.get(phrase.category) ?? new Set<string>();
      set.add(words.slice(i, i + last + 1).join(' '));
      found.set(phrase.category, set);
    }
  }
  return specialCategories.filter((c) => found.has(c)).map((category) => ({ category, words: [...found.get(category)!].sort() }));
}
