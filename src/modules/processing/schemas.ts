import { z } from 'zod';
import { type LawfulBasis, lawfulBases, type PurposeArticle9Condition, purposeArticle9Conditions, type SpecialCategory, specialCategories } from '../../db/enums.js';
import { lineOfText, textBlock } from '../../platform/http/fields.js';
import { strict } from '../../platform/http/strict.js';

/** What the record says of a purpose whose lawful basis is not decided yet. */
export const NO_LAWFUL_BASIS = 'Not decided yet';

/** Each lawful basis as the notices and the ICO write it. */
export const lawfulBasisLabels: Record<LawfulBasis, string> = {
  consent: 'Consent (Article 6(1)(a))',
  contract: 'Contract (Article 6(1)(b))',
  legal_obligation: 'Legal obligation (Article 6(1)(c))',
  vital_interests: 'Vital interests (Article 6(1)(d))',
  public_task: 'Public task (Article 6(1)(e))',
  legitimate_interests: 'Legitimate interests (Article 6(1)(f))',
};

export const specialCategoryLabels: Record<SpecialCategory, string> = {
  racial_or_ethnic_origin: 'Racial or ethnic origin',
  political_opinions: 'Political opinions',
  religious_or_philosophical_beliefs: 'Religious or philosophical beliefs',
  trade_union_membership: 'Trade union membership',
  genetic: 'Genetic data',
  biometric: 'Biometric data (to identify someone)',
  health: 'Health',
  sex_life_or_sexual_orientation: 'Sex life or sexual orientation',
};

export const article9Labels: Record<PurposeArticle9Condition, string> = {
  explicit_consent: 'Explicit consent (Article 9(2)(a))',
  employment: 'Employment, social security and social protection (Article 9(2)(b))',
  vital_interests: 'Vital interests (Article 9(2)(c))',
  made_public: 'Made manifestly public by the person (Article 9(2)(e))',
  legal_claims: 'Legal claims (Article 9(2)(f))',
  substantial_public_interest: 'Substantial public interest (Article 9(2)(g))',
  health_or_social_care: 'Health or social care (Article 9(2)(h))',
  public_health: 'Public health (Article 9(2)(i))',
  archiving_or_research: 'Archiving, research and statistics (Article 9(2)(j))',
};

/**
 * The paragraphs of DPA 2018 Schedule 1 (Part 1, and Part 2's substantial public interest
 * conditions), each with the one Article 9(2) condition it serves. Paragraph 5 is Part 2's
 * requirement of an appropriate policy document, not a condition, so it is not here.
 */
export const scheduleOneParagraphs: Record<number, { title: string; condition: PurposeArticle9Condition }> = {
  1: { title: 'Employment, social security and social protection', condition: 'employment' },
  2: { title: 'Health or social care purposes', condition: 'health_or_social_care' },
  3: { title: 'Public health', condition: 'public_health' },
  4: { title: 'Research etc', condition: 'archiving_or_research' },
  6: { title: 'Statutory etc and government purposes', condition: 'substantial_public_interest' },
  7: { title: 'Administration of justice and parliamentary purposes', condition: 'substantial_public_interest' },
  8: { title: 'Equality of opportunity or treatment', condition: 'substantial_public_interest' },
  9: { title: 'Racial and ethnic diversity at senior levels of organisations', condition: 'substantial_public_interest' },
  10: { title: 'Preventing or detecting unlawful acts', condition: 'substantial_public_interest' },
  11: { title: 'Protecting the public', condition: 'substantial_public_interest' },
  12: { title: 'Regulatory requirements relating to unlawful acts and dishonesty etc', condition: 'substantial_public_interest' },
  13: { title: 'Journalism etc in connection with unlawful acts and dishonesty etc', condition: 'substantial_public_interest' },
  14: { title: 'Preventing fraud', condition: 'substantial_public_interest' },
  15: { title: 'Suspicion of terrorist financing or money laundering', condition: 'substantial_public_interest' },
  16: { title: 'Support for individuals with a particular disability or medical condition', condition: 'substantial_public_interest' },
  17: { title: 'Counselling etc', condition: 'substantial_public_interest' },
  18: { title: 'Safeguarding of children and of individuals at risk', condition: 'substantial_public_interest' },
  19: { title: 'Safeguarding of economic well-being of certain individuals', condition: 'substantial_public_interest' },
  20: { title: 'Insurance', condition: 'substantial_public_interest' },
  21: { title: 'Occupational pensions', condition: 'substantial_public_interest' },
  22: { title: 'Political parties', condition: 'substantial_public_interest' },
  23: { title: 'Elected representatives responding to requests', condition: 'substantial_public_interest' },
  24: { title: 'Disclosure to elected representatives', condition: 'substantial_public_interest' },
  25: { title: 'Informing elected representatives about prisoners', condition: 'substantial_public_interest' },
  26: { title: 'Publication of legal judgments', condition: 'substantial_public_interest' },
  27: { title: 'Anti-doping in sport', condition: 'substantial_public_interest' },
  28: { title: 'Standards of behaviour in sport', condition: 'substantial_public_interest' },
};
const conditionsNeedingAParagraph = new Set(Object.values(scheduleOneParagraphs).map((p) => p.condition));

/** The parts of Postbag a purpose's data is processed in (none: processing outside Postbag, e.g. CCTV). */
export const postbagModules = ['people', 'casework', 'correspondence', 'offices', 'search', 'dashboard'] as const;
export type PostbagModule = (typeof postbagModules)[number];

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);
export const purposeParams = z.strictObject({ purposeId: id('a purpose') });

const list = (what: string, min: number) =>
  z
    .array(lineOfText({ max: 300 }), `must be a list of ${what}`)
    .min(min, `must name at least one of ${what}`)
    .max(40, `must name at most 40 ${what}`)
    .refine((items) => new Set(items.map((i) => i.toLowerCase())).size === items.length, `must not name the same one of ${what} twice`);

const purposeFields = {
  name: lineOfText({ max: 120 }),
  description: textBlock({ max: 4000 }),
  /** Null: not decided yet; the privacy notice is not published while a current purpose has none. */
  lawfulBasis: z.enum(lawfulBases, `must be one of: ${lawfulBases.join(', ')} (Article 6(1)), or null while not decided`).nullable(),
  /** Empty: the purpose involves no special category data. */
  specialCategories: z
    .array(z.enum(specialCategories, `must be one of: ${specialCategories.join(', ')}`), 'must be a list of special categories')
    .refine((c) => new Set(c).size === c.length, 'must not name the same category twice')
    .default([]),
  specialCategoryCondition: z.enum(purposeArticle9Conditions, `must be one of: ${purposeArticle9Conditions.join(', ')} (Article 9(2))`).nullable().default(null),
  scheduleOneParagraph: z
    .number('must be a paragraph number of DPA 2018 Schedule 1, e.g. 23')
    .int('must be a whole number, e.g. 23')
    .refine((n) => Object.hasOwn(scheduleOneParagraphs, n), 'must be a condition of DPA 2018 Schedule 1 Part 1 or 2 (paragraphs 1 to 4 and 6 to 28)')
    .nullable()
    .default(null),
  dataCategories: list('the kinds of data', 1),
  dataSubjects: list('the people the data is about', 1),
  sources: list('the sources', 1),
  /** Empty: the data goes to no one outside the office. */
  recipients: list('the recipients', 0),
  /** Null: no fixed period; the note says when the data goes. */
  retentionMonths: z.number('must be a number of months').int('must be a whole number of months').min(1, 'must be at least 1 month').max(1200, 'must be at most 1,200 months (100 years)').nullable(),
  retentionNote: textBlock({ max: 2000 }),
  consentRequired: z.boolean('must be true or false'),
  modules: z
    .array(z.enum(postbagModules, `must be one of: ${postbagModules.join(', ')}`), 'must be a list of modules')
    .refine((m) => new Set(m).size === m.length, 'must not name the same module twice')
    .default([]),
};

/** "Article 9(2)(g)", from the condition's label. */
const article = (c: PurposeArticle9Condition) => /Article 9\(2\)\([a-z]\)/.exec(article9Labels[c])?.[0] ?? c;

/**
 * The rules between fields, as a data protection lead would check them: special category data
 * needs its Article 9 condition and, where the condition asks for one, the Schedule 1 paragraph
 * that goes with it; consent is needed exactly when the purpose rests on (explicit) consent.
 */
export const purposeBody = strict(purposeFields).superRefine((p, ctx) => {
  const problem = (path: keyof typeof purposeFields, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const condition = p.specialCategoryCondition;
  if (p.specialCategories.length && !condition) {
    problem('specialCategoryCondition', 'must be given: a purpose involving special category data needs an Article 9(2) condition');
  }
  if (!p.specialCategories.length && condition) {
    problem('specialCategoryCondition', 'must be left empty when the purpose involves no special category data (or name the special categories it covers)');
  }
  if (condition && conditionsNeedingAParagraph.has(condition) && p.scheduleOneParagraph === null) {
    const example = condition === 'substantial_public_interest' ? ', e.g. paragraph 23 (elected representatives responding to requests)' : '';
    problem('scheduleOneParagraph', `must be given: ${article(condition)} needs a condition in DPA 2018 Schedule 1${example}`);
  }
  const paragraph = p.scheduleOneParagraph === null ? undefined : scheduleOneParagraphs[p.scheduleOneParagraph];
  if (paragraph && condition && paragraph.condition !== condition) {
    problem(
      'scheduleOneParagraph',
      conditionsNeedingAParagraph.has(condition)
        ? `must be a condition for ${article(condition)}: paragraph ${p.scheduleOneParagraph} (${paragraph.title}) is one for ${article(paragraph.condition)}`
        : `must be left empty: ${article(condition)} needs no condition in DPA 2018 Schedule 1`,
    );
  }
  if (paragraph && !condition && !p.specialCategories.length) {
    problem('scheduleOneParagraph', 'must be left empty when the purpose involves no special category data');
  }
  const restsOnConsent = p.lawfulBasis === 'consent' || condition === 'explicit_consent';
  if (p.consentRequired && !restsOnConsent) {
    problem('consentRequired', 'can be yes only when the lawful basis is consent (Article 6(1)(a)) or the special category condition is explicit consent (Article 9(2)(a))');
  }
  if (!p.consentRequired && restsOnConsent) {
    problem('consentRequired', `must be yes: the purpose rests on ${p.lawfulBasis === 'consent' ? 'consent (Article 6(1)(a))' : 'explicit consent (Article 9(2)(a))'}`);
  }
});
export type PurposeBody = z.infer<typeof purposeBody>;

export const purposeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  lawfulBasis: z.enum(lawfulBases).nullable(),
  specialCategories: z.array(z.enum(specialCategories)),
  specialCategoryCondition: z.enum(purposeArticle9Conditions).nullable(),
  scheduleOneParagraph: z.number().int().nullable(),
  dataCategories: z.array(z.string()),
  dataSubjects: z.array(z.string()),
  sources: z.array(z.string()),
  recipients: z.array(z.string()),
  retentionMonths: z.number().int().nullable(),
  retentionNote: z.string(),
  consentRequired: z.boolean(),
  modules: z.array(z.enum(postbagModules)),
  retiredAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type PurposeView = z.infer<typeof purposeSchema>;
export const purposeListSchema = z.object({ purposes: z.array(purposeSchema) });
export const standardAddedSchema = z.object({ added: z.number().int() });

export const exportFormats = ['csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportQuery = strict({ format: z.enum(exportFormats, 'must be "csv" or "json"') });

const choice = <V extends z.ZodType>(value: V) => z.array(z.object({ value, label: z.string() }));
/** The vocabularies of a purpose with their labels, so that the web form says what the API means without a copy of the lists. */
export const choicesSchema = z.object({
  lawfulBases: choice(z.enum(lawfulBases)),
  specialCategories: choice(z.enum(specialCategories)),
  specialCategoryConditions: choice(z.enum(purposeArticle9Conditions)),
  scheduleOneParagraphs: z.array(z.object({ value: z.number().int(), label: z.string(), condition: z.enum(purposeArticle9Conditions) })),
  modules: choice(z.enum(postbagModules)),
});
export type Choices = z.infer<typeof choicesSchema>;

const labelled = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
export const choices: Choices = {
  lawfulBases: labelled(lawfulBasisLabels),
  specialCategories: labelled(specialCategoryLabels),
  specialCategoryConditions: labelled(article9Labels),
  scheduleOneParagraphs: Object.entries(scheduleOneParagraphs).map(([n, p]) => ({ value: Number(n), label: `Paragraph ${n}: ${p.title}`, condition: p.condition })),
  modules: postbagModules.map((m) => ({ value: m, label: m.charAt(0).toUpperCase() + m.slice(1) })),
};

/** A published version of the privacy notice, without its text. */
export const noticeVersionSchema = z.object({
  number: z.number().int(),
  publishedAt: z.date(),
  /** The name of who published it. */
  publishedBy: z.string(),
  note: z.string(),
  /** A significant change: subscribers are to be told of it. */
  significant: z.boolean(),
});
/** Every version, newest (the current one) first, and what stops publishing now (empty: it can be published). */
export const noticeOverviewSchema = z.object({
  versions: z.array(noticeVersionSchema),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
});
export const publishNoticeBody = strict({
  /** What changed and why, for the office's own list of versions. */
  note: textBlock({ max: 2000 }),
  significant: z.boolean('must be true or false'),
});
const versionNumber = z.coerce.number('must be a version number, e.g. 2').int('must be a whole version number, e.g. 2').min(1, 'must be a version number, 1 or more');
export const noticeDiffQuery = strict({ from: versionNumber, to: versionNumber });
export const noticeDiffSchema = z.object({
  from: noticeVersionSchema,
  to: noticeVersionSchema,
  /** The later version's text against the earlier's, in runs of lines added, removed or unchanged. */
  parts: z.array(z.object({ change: z.enum(['added', 'removed', 'unchanged']), lines: z.array(z.string()) })),
});
