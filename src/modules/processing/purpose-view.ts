import type { PurposeRow } from './repo.js';
import type { PostbagModule, PurposeView } from './schemas.js';

/** A purpose as the API and the notice read it. */
export const purposeView = (p: PurposeRow): PurposeView => ({
  id: p.id,
  name: p.name,
  description: p.description,
  lawfulBasis: p.lawful_basis,
  specialCategories: p.special_categories,
  specialCategoryCondition: p.article9_condition,
  scheduleOneParagraph: p.schedule1_paragraph,
  dataCategories: p.data_categories,
  dataSubjects: p.data_subjects,
  sources: p.sources,
  recipients: p.recipients,
  retentionMonths: p.retention_months,
  retentionNote: p.retention_note,
  consentRequired: p.consent_required,
  modules: p.modules as PostbagModule[],
  retiredAt: p.retired_at,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});
