import type { Role } from './api.js';

/** What each part of Postbag is called, where it lives, the permission that shows it, and what it does. */
export interface Capability {
  path: string;
  label: string;
  permission: string;
  /** One sentence on what it does (or, while not ready, will do), for the home page and its placeholder page. */
  description: string;
  /** False while only the placeholder page exists. */
  ready: boolean;
}

export const capabilities: readonly Capability[] = [
  {
    path: '/inbox',
    label: 'Inbox',
    permission: 'inbox:read',
    description: 'Messages from e-mail, web forms, phone calls and letters, matched to the people who sent them: open a case from each, add it to a case, or archive it.',
    ready: true,
  },
  {
    path: '/cases',
    label: 'Cases',
    permission: 'cases:read',
    description: 'The office’s cases: find them by status, owner, topic or due date, work each one through its timeline, and open new ones.',
    ready: true,
  },
  {
    path: '/people',
    label: 'People',
    permission: 'people:read',
    description: 'Constituents and organisations: their contact details and where each came from, their cases, and merging duplicate records.',
    ready: true,
  },
  {
    path: '/directory',
    label: 'Directory',
    permission: 'people:read',
    description: 'The agencies, councils, NHS bodies and other organisations the office writes to, each with its casework contact route: find, add and edit them.',
    ready: true,
  },
  {
    path: '/newsletters',
    label: 'Newsletters',
    permission: 'outreach:read',
    description: 'Newsletters and campaign updates, written in the office’s own words and sent only to people with current consent for their purpose: preview who gets them, send a test, and see how each went.',
    ready: true,
  },
  {
    path: '/outreach',
    label: 'Outreach',
    permission: 'outreach:read',
    description: 'It will send newsletters and campaign updates and run events, surveys and petitions, each with one-click unsubscribe.',
    ready: false,
  },
  {
    path: '/processing',
    label: 'Record of processing',
    permission: 'processing:read',
    description: 'What the office does with personal data and why: each purpose’s lawful basis, special category condition, recipients and retention (Article 30), kept by the data protection lead and downloaded for the ICO.',
    ready: true,
  },
  {
    path: '/suppressions',
    label: 'Suppression list',
    permission: 'suppression:manage',
    description: 'The addresses that must get no newsletters or campaign mail (unsubscribed, objected, bounced, reported as spam), counted by reason; add an address. The list holds only keyed hashes, never the addresses.',
    ready: true,
  },
  {
    path: '/rights-requests',
    label: 'Rights requests',
    permission: 'rights:read',
    description: 'It will track data subject requests (access, rectification, erasure, restriction, objection, withdrawal of consent) against their statutory deadlines and build the access bundle.',
    ready: false,
  },
  {
    path: '/retention',
    label: 'Retention',
    permission: 'retention:read',
    description: 'It will manage retention policies, legal holds and the sweeps that minimise or delete data, including disposal on leaving office or after a boundary change.',
    ready: false,
  },
  {
    path: '/disclosures',
    label: 'Disclosures',
    permission: 'disclosures:read',
    description: 'It will record who data was shared with, when and on which basis, with the recipients and data sharing agreements.',
    ready: false,
  },
  {
    path: '/breaches',
    label: 'Breaches',
    permission: 'breaches:read',
    description: 'It will keep the breach register and run its 72-hour clock for reporting to the ICO.',
    ready: false,
  },
  {
    path: '/electoral-register',
    label: 'Electoral register',
    permission: 'register:read',
    description: 'It will import the electoral register and keep it to the restricted uses the law allows.',
    ready: false,
  },
  {
    path: '/research',
    label: 'Research',
    permission: 'research:read',
    description: 'It will give anonymised aggregates of the office’s work, with small numbers suppressed so that no one can be identified.',
    ready: false,
  },
  {
    path: '/jobs',
    label: 'Jobs',
    permission: 'jobs:read',
    description: 'Background work such as imports, sends and sweeps: what is waiting, running, finished or failed.',
    ready: true,
  },
  {
    path: '/audit',
    label: 'Audit',
    permission: 'audit:read',
    description: 'It will show the tamper-evident audit log of every access to special category data, every export and every disclosure, and check that its hash chain is intact.',
    ready: false,
  },
  {
    path: '/settings',
    label: 'Settings',
    permission: 'office:manage',
    description: 'The office’s letterhead, logo and sending address, its letter and e-mail templates, the mailboxes Postbag reads, and the constituency’s postcodes.',
    ready: true,
  },
];

export function allowedCapabilities(permissions: readonly string[]): Capability[] {
  const granted = new Set(permissions);
  return capabilities.filter((capability) => granted.has(capability.permission));
}

export function capabilityAt(pathname: string): Capability | undefined {
  return capabilities.find((capability) => capability.path === pathname);
}

const roleLabels: Record<Role, string> = {
  member: 'Member',
  manager: 'Office manager',
  caseworker: 'Caseworker',
  volunteer: 'Volunteer',
  researcher: 'Researcher',
  data_protection_lead: 'Data protection lead',
};

/** Every role with its label, in the order a role is chosen from. */
export const roleOptions = (Object.entries(roleLabels) as [Role, string][]).map(([value, label]) => ({ value, label }));

/** The label for a role, or the raw value tidied up if the server knows a role this build does not. */
export function roleLabel(role: string): string {
  return (roleLabels as Record<string, string | undefined>)[role] ?? humanise(role);
}

/** `awaiting_agency` → `Awaiting agency`. */
export function humanise(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
