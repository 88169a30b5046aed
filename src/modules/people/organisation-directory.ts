import type { OrganisationKind } from '../../db/enums.js';

/**
 * The starter directory: the national bodies an MP's office writes to every day. Each route is
 * how an MP's office is publicly known to reach the body; MP hotline numbers and e-mail routes
 * change and are given to offices directly, so every route is marked "check before use" until
 * the office confirms or edits it. The councils of the office's area are chosen by the office
 * from the list of UK councils (`organisation-councils.ts`).
 */
export interface DirectoryEntry {
  name: string;
  kind: OrganisationKind;
  contactRoute: string;
  web?: string;
}

export const starterDirectory: readonly DirectoryEntry[] = [
  { name: 'Department for Work and Pensions (DWP)', kind: 'government_agency', contactRoute: 'DWP MP correspondence: the MP hotline and e-mail route given to the office by DWP', web: 'https://www.gov.uk/government/organisations/department-for-work-pensions' },
  { name: 'DWP Universal Credit', kind: 'government_agency', contactRoute: 'Universal Credit MP hotline and e-mail route (given to the office by DWP); the claimant can also use their online journal' },
  { name: 'DWP Personal Independence Payment (PIP)', kind: 'government_agency', contactRoute: 'PIP MP hotline (given to the office by DWP)', web: 'https://www.gov.uk/pip' },
  { name: 'DWP Pension Service', kind: 'government_agency', contactRoute: 'Pension Service MP enquiry line (given to the office by DWP)', web: 'https://www.gov.uk/contact-pension-service' },
  { name: 'DWP Child Maintenance Service', kind: 'government_agency', contactRoute: 'Child Maintenance Service MP enquiry route (given to the office by DWP)', web: 'https://www.gov.uk/child-maintenance-service' },
  { name: 'HM Revenue and Customs (HMRC)', kind: 'government_agency', contactRoute: 'HMRC MP correspondence unit: the MP hotline given to the office by HMRC', web: 'https://www.gov.uk/government/organisations/hm-revenue-customs/contact' },
  { name: 'Home Office', kind: 'government_agency', contactRoute: 'Home Office MP account management: the MP e-mail route and hotline given to the office', web: 'https://www.gov.uk/government/organisations/home-office' },
  { name: 'UK Visas and Immigration (UKVI)', kind: 'government_agency', contactRoute: 'UKVI MP account management team: MP enquiry e-mail route (given to the office by the Home Office)' },
  { name: 'HM Passport Office', kind: 'government_agency', contactRoute: 'HM Passport Office MP hotline (given to the office by HM Passport Office)', web: 'https://www.gov.uk/passport-advice-line' },
  { name: 'Driver and Vehicle Licensing Agency (DVLA)', kind: 'government_agency', contactRoute: 'DVLA MP enquiry route (given to the office by DVLA)', web: 'https://www.gov.uk/contact-the-dvla' },
  { name: 'NHS England', kind: 'public_body', contactRoute: 'NHS England MP correspondence', web: 'https://www.england.nhs.uk/contact-us' },
  { name: 'Integrated Care Board (local NHS)', kind: 'nhs_trust', contactRoute: 'The local integrated care board’s MP liaison or patient advice route; name the board for the office’s area' },
  { name: 'Local hospital trust PALS', kind: 'nhs_trust', contactRoute: 'The trust’s Patient Advice and Liaison Service (PALS); name the trust for the office’s area' },
  { name: 'Housing association (local)', kind: 'other', contactRoute: 'The housing association’s MP or complaints route; name the association for the office’s area' },
];
