import type { SpecialCategory } from './categories.js';
import type { Entry } from './compile.js';
import type { Token } from './tokens.js';

/**
 * When a matched phrase counts. Words that are special category only in some senses ("race",
 * "union", "church", "surgery", "charged", "black", "custody") are decided by the words beside
 * them; a name of a street or a building ("Church Road", "Hospital Lane", "St Mary's Church Hall",
 * "the Cancer Care Centre") never counts, nor does anything in an address block. Every check reads
 * the tokens in place: this runs on every note and message.
 */

/** Ambiguous single words, in the trie with their category but kept only where a rule below says. */
export const ruledWords: { phrase: string; category: SpecialCategory }[] = [
  { phrase: 'race', category: 'racial_or_ethnic_origin' },
  { phrase: 'black', category: 'racial_or_ethnic_origin' },
  { phrase: 'traveller', category: 'racial_or_ethnic_origin' },
  { phrase: 'union', category: 'trade_union_membership' },
  { phrase: 'unite', category: 'trade_union_membership' },
  { phrase: 'church', category: 'religious_or_philosophical_beliefs' },
  { phrase: 'chapel', category: 'religious_or_philosophical_beliefs' },
  { phrase: 'trans', category: 'sex_life_or_sexual_orientation' },
  { phrase: 'charged', category: 'criminal_offences' },
  { phrase: 'custody', category: 'criminal_offences' },
  ...['shoplifting', 'fly tipping', 'theft', 'burglary', 'assault', 'drink driving', 'drug driving', 'criminal damage', 'affray', 'drug dealing', 'fraud', 'benefit fraud', 'harassment', 'stalking', 'speeding offence', 'public order offence', 'antisocial behaviour order']
    .map((phrase) => ({ phrase, category: 'criminal_offences' as const })),
];
/** An offence counts where the sentence says someone is accused of it: "took me to court for fly tipping", "a caution for shoplifting". */
const offences = new Set(ruledWords.filter((w) => w.category === 'criminal_offences' && w.phrase !== 'charged' && w.phrase !== 'custody').map((w) => w.phrase));
const accusation = new Set(['court', 'caution', 'cautioned', 'arrested', 'charged', 'accused', 'convicted', 'prosecuted', 'sentenced', 'guilty', 'conviction', 'summons', 'summonsed', 'fined']);

/** Phrases that hide the special-category-looking words in them. */
export const stopPhrases = [
  'cancer research', 'credit union', 'students union', 'student union', 'european union', 'party wall', 'third party', 'labour market',
  'conservative estimate', 'race night', 'horse race', 'black bin', 'black bag', 'black mould', 'black car', 'black ice', 'trans pennine',
  'sectioned off', 'equity release', 'prison officer', 'prison staff', 'biometric residence permit', 'biometric residence card',
  'health and safety', 'environmental health', 'public health', 'bus terminal', 'ferry terminal', 'airport terminal', 'sick of',
  'sick and tired', 'ill advised', 'hereditary peer', 'liberal club', 'irish dance', 'mental health charity', 'in good faith',
  'conservative club', 'labour club', 'labour costs', 'labour shortage', 'shortage of labour', 'labour exchange', 'blind bend', 'blind corner',
  'blind spot', 'blind summit', 'blind eye', 'blind date', 'roller blind', 'window blind', 'venetian blind', 'vertical blind', 'blackout blind',
  'fell on deaf ears', 'deaf ear', 'painful process', 'painful experience', 'in unison', 'black friday', 'in the black',
];

/** Words that name a street or a building after the word before them: "Church Road", "Hospital Lane", "Cancer Care Centre". */
const placeSuffixes = new Set([
  'road', 'rd', 'street', 'st', 'lane', 'ln', 'avenue', 'ave', 'close', 'way', 'drive', 'hall', 'court', 'place', 'terrace', 'crescent',
  'grove', 'garden', 'walk', 'hill', 'mew', 'row', 'parade', 'square', 'vale', 'rise', 'estate', 'green', 'view', 'field', 'yard', 'wharf',
  'gate', 'car', 'park', 'parking', 'roundabout', 'junction', 'allotment', 'bus', 'site', 'building', 'closure', 'trust', 'plan', 'fortune',
]);
/** The last word of a building's name: "the Cancer Care Centre", "Sanatorium Cottages". */
const buildingNames = new Set([...placeSuffixes, 'cottage', 'centre', 'center', 'house', 'lodge', 'unit', 'chambers', 'mill', 'works']);
/** Capitalised words that may stand between a matched word and the place word of a building's name: "Cancer Care Centre". */
const MAX_NAME_WORDS = 3;

/** Words that make a sentence about a person, so that "hospital" in it is about their health. */
const personal = new Set([
  'i', 'im', 'ive', 'id', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'he', 'hes', 'him', 'his', 'she', 'shes', 'her', 'mum', 'mother',
  'dad', 'father', 'son', 'daughter', 'husband', 'wife', 'partner', 'brother', 'sister', 'child', 'children', 'baby', 'grandson',
  'granddaughter', 'nan', 'gran', 'grandad', 'grandma', 'grandmother', 'grandfather', 'boy', 'girl', 'kid', 'family', 'mums', 'dads',
]);

const possessive = new Set(['my', 'his', 'her', 'their', 'our', 'your']);
const businessNouns = new Set([
  'restaurant', 'takeaway', 'shop', 'barber', 'cafe', 'supermarket', 'food', 'cuisine', 'embassy', 'dance', 'ocean', 'deli', 'bakery', 'butcher',
  'market', 'store',
]);
/** Before "surgery" when it is an operation, not the member's advice surgery. */
const operationBefore = new Set([
  'had', 'have', 'having', 'has', 'need', 'needs', 'needed', 'after', 'for', 'awaiting', 'major', 'minor', 'emergency', 'my', 'his', 'her',
  'bowel', 'knee', 'hip', 'heart', 'back', 'eye', 'cataract', 'spinal', 'reassignment', 'cancer', 'brain', 'weight', 'loss', 'the', 'dental',
]);
/** A doctor's practice ("the GP surgery on Mill Lane") is a building; it is about someone's health only with their care in the sentence. */
const practiceWords = new Set(['gp', 'doctor', 'doctors', 'surgery', 'practice']);
const careCues = new Set([
  'appointment', 'appointments', 'referred', 'refer', 'referral', 'prescription', 'prescriptions', 'prescribed', 'treatment', 'treated',
  'medication', 'records', 'record', 'test', 'tests', 'results', 'jab', 'vaccine', 'injection', 'review', 'reviews', 'bloods', 'note', 'seen',
  'disclosed', 'diagnosed', 'examined', 'patient',
]);
const blackAfter = new Set([
  'british', 'african', 'caribbean', 'woman', 'women', 'man', 'men', 'family', 'families', 'people', 'person', 'community', 'heritage', 'lives',
  'boy', 'girl', 'son', 'daughter', 'mother', 'father', 'child', 'children', 'and', 'lad', 'youth', 'teenager', 'staff', 'tenant', 'resident',
]);
const beBefore = new Set(['are', 'am', 'im', 'being', 'were', 'as']);
const transBefore = new Set(['is', 'am', 'im', 'being', 'as', 'are', 'were', 'shes', 'hes']);
const raceBefore = new Set(['of', 'mixed']);
const raceAfter = new Set(['discrimination', 'hate', 'relations', 'related']);
const travellerBefore = new Set(['irish', 'gypsy', 'we', 'are', 'were', 'a']);
const unionBefore = new Set(['my', 'our', 'his', 'her', 'their', 'trade', 'teaching', 'rail', 'nursing', 'the', 'a']);
const custodyBefore = new Set(['police', 'remanded', 'into', 'in', 'held', 'kept']);
const familyCustody = new Set(['my', 'joint', 'shared', 'sole', 'full']);
const policeWords = new Set(['police', 'court', 'arrested', 'cps']);
/** "was charged with": a charge needs its verb; "the officer charged with the regeneration" is a duty. */
const chargedBefore = new Set(['was', 'been', 'being', 'were', 'is', 'are', 'be', 'got', 'get', 'getting', 'im', 'hes', 'shes', 'and', 'then', 'later', 'finally', 'now']);
const determiners = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'their', 'our']);
/** Who cannot hand down a sentence: "the council sentenced us to another year of roadworks". */
const notCourts = new Set(['council', 'government', 'landlord', 'school', 'dwp', 'company', 'they', 'agency']);
const abbreviationCues = new Set(['has', 'have', 'had', 'with', 'got', 'diagnosed', 'her', 'his', 'my', 'suffers', 'suffer', 'from', 'and']);
/** "I HAVE ME": in a shouted sentence "me" is the illness only after a word that says so. */
const meCues = new Set(['has', 'have', 'had', 'diagnosed', 'suffers', 'suffer']);
const unionNews = new Set(['strike', 'action', 'dispute', 'walkout', 'ballot']);
/** Union names that are everyday abbreviations too ("the POA", a power of attorney): only beside a word about the union. */
const everydayUnionNames = new Set(['poa', 'eis', 'nut', 'unite', 'prospect', 'community', 'equity', 'napo']);
const unionCues = new Set(['union', 'member', 'members', 'membership', 'rep', 'steward', 'joined', 'branch']);
const workplaceAfter = new Set(['chaplain', 'porter', 'staff', 'worker', 'cleaner', 'job', 'volunteer', 'nursing', 'visa', 'contract', 'pension', 'career', 'recruitment', 'role', 'shift']);
const workingAt = new Set(['work', 'works', 'working', 'rep', 'job', 'porter', 'cleaner', 'nurse', 'volunteer', 'employed', 'staff', 'worker', 'manager', 'shift', 'shifts']);
const aJob = new Set(['be', 'as', 'trainee', 'student']);
/** Buildings of a faith: "the Methodist church hall", "the Jewish cemetery" are places unless a person goes there. */
const placesOfWorship = new Set(['church', 'chapel', 'mosque', 'temple', 'synagogue', 'gurdwara', 'cemetery', 'graveyard', 'meeting', 'centre']);
/** The fabric of a church or chapel: "the church bells", "the chapel roof". */
const buildingParts = new Set(['bell', 'roof', 'tower', 'spire', 'clock', 'ground', 'step', 'noise', 'organ', 'door', 'window', 'lead', 'heating', 'wall']);
/** Festivals say a person's faith when the person keeps them, not when the road is closed for the fair. */
const festivals = new Set(['eid', 'diwali', 'ramadan', 'vaisakhi', 'hanukkah', 'passover', 'rosh hashanah', 'yom kippur', 'holi', 'navratri']);
const festivalEvents = new Set(['fair', 'market', 'light', 'festival', 'party', 'event', 'parade', 'holiday', 'inset', 'closure', 'road', 'firework', 'break', 'stall']);

const isCapitalised = (t: Token) => t.raw[0] !== t.lower[0];
/** Written in capitals, one letter ("I") or more: a shouted sentence, where "ME" and "SEND" are words. */
const isShouted = (t: Token | undefined) => t !== undefined && t.raw !== t.lower && t.raw === t.raw.toUpperCase();

function sentenceHas(tokens: readonly Token[], at: number, words: ReadonlySet<string>): boolean {
  const s = tokens[at]!.sentence;
  for (let k = at; k >= 0 && tokens[k]!.sentence === s; k--) if (words.has(tokens[k]!.lower)) return true;
  for (let k = at + 1; k < tokens.length && tokens[k]!.sentence === s; k++) if (words.has(tokens[k]!.lower)) return true;
  return false;
}
/** A person within a few words of `at`, in its sentence: "my mum is in hospital", not "tell me ... an operation". */
function personNear(tokens: readonly Token[], at: number): boolean {
  const s = tokens[at]!.sentence;
  for (let k = Math.max(0, at - 8); k <= Math.min(tokens.length - 1, at + 8); k++) if (tokens[k]!.sentence === s && personal.has(tokens[k]!.lower)) return true;
  return false;
}
function allUpper(tokens: readonly Token[], first: number, last: number): boolean {
  for (let k = first; k <= last; k++) if (!tokens[k]!.upper) return false;
  return true;
}
/** A building's name, capitalised, the match in it: "Cancer Care Centre", "St Mary's Church Hall". */
function inPlaceName(tokens: readonly Token[], first: number, last: number): boolean {
  if (!isCapitalised(tokens[first]!)) return false;
  const s = tokens[first]!.sentence;
  for (let k = last + 1; k <= last + MAX_NAME_WORDS && k < tokens.length && tokens[k]!.sentence === s && isCapitalised(tokens[k]!); k++) {
    if (buildingNames.has(tokens[k]!.stem)) return true;
  }
  return false;
}

/** Whether the phrase matched at tokens[first..last] counts. */
export function counts(entry: Entry, tokens: readonly Token[], first: number, last: number): boolean {
  const before = tokens[first - 1]?.lower;
  const before2 = tokens[first - 2]?.lower;
  const after = tokens[last + 1]?.lower;
  const afterStem = tokens[last + 1]?.stem;
  const head = tokens[first]!;
  if (afterStem !== undefined && placeSuffixes.has(afterStem)) return false;
  if (inPlaceName(tokens, first, last)) return false;

  if (everydayUnionNames.has(entry.phrase) && !sentenceHas(tokens, first, unionCues)) return false;
  if (entry.upperOnly) {
    // In a shouted sentence ("PLEASE SEND ME THE FORM") capitals say nothing.
    const shouted = isShouted(tokens[first - 1]) || isShouted(tokens[last + 1]);
    if (shouted || !allUpper(tokens, first, last)) {
      if (entry.phrase === 'me' && !(shouted && before !== undefined && meCues.has(before))) return false;
      // "Ms Smith": a title before a name, not multiple sclerosis.
      const next = tokens[last + 1]?.raw;
      if (isCapitalised(head) && !head.upper && next !== undefined && next[0] !== next[0]!.toLowerCase()) return false;
      const cued = entry.categories.includes('trade_union_membership') ? sentenceHas(tokens, first, unionCues) : before !== undefined && abbreviationCues.has(before);
      if (!cued) return false;
    }
  }
  if (entry.categories.includes('religious_or_philosophical_beliefs')) {
    if (after !== undefined && placesOfWorship.has(afterStem ?? after)) {
      const next = tokens[last + 2]?.stem;
      if ((next !== undefined && (placeSuffixes.has(next) || buildingParts.has(next))) || !sentenceHas(tokens, first, personal)) return false;
    }
    if (festivals.has(entry.phrase)) return personNear(tokens, first) && !(afterStem !== undefined && festivalEvents.has(afterStem));
  }
  // "the RMT strike": a union in the news, not the writer's membership.
  if (entry.categories.includes('trade_union_membership') && afterStem !== undefined && unionNews.has(afterStem) && !sentenceHas(tokens, first, unionCues)) return false;
  if (entry.categories.includes('racial_or_ethnic_origin') && after !== undefined && businessNouns.has(afterStem ?? after)) return false;
  if (offences.has(entry.phrase)) return sentenceHas(tokens, first, accusation);

  switch (entry.phrase) {
    case 'race':
      return (before !== undefined && (possessive.has(before) || raceBefore.has(before))) || (after !== undefined && raceAfter.has(after));
    case 'black':
      return (
        (after !== undefined && blackAfter.has(after)) ||
        (before !== undefined && beBefore.has(before)) ||
        (before === 'is' && before2 !== undefined && personal.has(before2))
      );
    case 'traveller':
      return isCapitalised(head) || (before !== undefined && travellerBefore.has(before));
    case 'union':
      return after !== 'of' && before !== undefined && unionBefore.has(before) && sentenceHas(tokens, first, personal);
    case 'unite':
      return ((head.raw === 'Unite' || head.upper) && before !== undefined) || sentenceHas(tokens, first, unionCues);
    case 'church':
    case 'chapel':
      return !(afterStem !== undefined && buildingParts.has(afterStem)) && personNear(tokens, first);
    case 'trans':
      return before !== undefined && transBefore.has(before);
    case 'charged':
      if (sentenceHas(tokens, first, policeWords)) return true;
      if (after !== 'with') return false;
      if (determiners.has(tokens[last + 2]?.lower ?? '')) return before !== undefined && chargedBefore.has(before);
      return !/(ing|ed)$/.test(tokens[last + 2]?.lower ?? 'ing') && !/^\d/.test(tokens[last + 2]?.lower ?? '');
    case 'custody':
      return after !== 'of' && before !== undefined && custodyBefore.has(before) && !(before2 !== undefined && familyCustody.has(before2));
    case 'sectioned':
      return after !== 'off';
    case 'sentenced':
      return !(before !== undefined && notCourts.has(before));
    case 'blind':
      return head.lower !== 'blinds';
    case 'surgery':
      if (before !== undefined && practiceWords.has(before)) return sentenceHas(tokens, first, careCues);
      return before !== undefined && operationBefore.has(before) && sentenceHas(tokens, first, personal);
    case 'gp':
    case 'doctor':
    case 'doctors':
      if (after !== undefined && practiceWords.has(after)) return sentenceHas(tokens, first, careCues);
      break;
    case 'sick':
    case 'ill':
      if (after === 'of' || after === 'and') return false;
      break;
    case 'prison':
      if (afterStem === 'officer' || afterStem === 'visitor') return false;
      break;
  }
  return !entry.service || aboutAPerson(tokens, first, before, before2, afterStem);
}

/** A service word ("hospital", "nurse") says something of a person's health only in a sentence about them, and not as their job. */
function aboutAPerson(tokens: readonly Token[], first: number, before: string | undefined, before2: string | undefined, afterStem: string | undefined): boolean {
  // "to be a nurse", "I work at the hospital", "a Unison rep at the hospital", "the hospital chaplain": a job, not someone's health.
  if ((before === 'a' || before === 'an') && before2 !== undefined && aJob.has(before2)) return false;
  if (before === 'the' && before2 === 'at' && workingAt.has(tokens[first - 3]?.lower ?? '')) return false;
  if (afterStem !== undefined && workplaceAfter.has(afterStem)) return false;
  return personNear(tokens, first);
}
