/** Special category data (UK GDPR Article 9) and criminal offence data (Article 10). */
export const specialCategories = [
  'health',
  'racial_or_ethnic_origin',
  'religious_or_philosophical_beliefs',
  'sex_life_or_sexual_orientation',
  'trade_union_membership',
  'political_opinions',
  'genetic',
  'biometric',
  'criminal_offences',
] as const;
export type SpecialCategory = (typeof specialCategories)[number];

export interface SpecialCategoryMatch {
  category: SpecialCategory;
  /** The words as they matched (lower case, as written), e.g. "hospital". */
  words: string[];
}
