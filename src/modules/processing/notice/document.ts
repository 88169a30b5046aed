import type { LawfulBasis, PurposeArticle9Condition } from '../../../db/enums.js';
import { scheduleOneParagraphs, specialCategoryLabels, type PurposeView } from '../schemas.js';

/**
 * The privacy notice as a document: headed sections of paragraphs, lists and a table, built from
 * the record of processing and the controller's details. The page (HTML) and the plain text that
 * versions are compared on are both rendered from this one document, so they cannot disagree.
 */

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'terms'; items: [term: string, description: string][] }
  | { kind: 'table'; caption: string; head: string[]; rows: string[][] }
  | { kind: 'part'; id: string; heading: string; blocks: Block[] };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface NoticeDocument {
  title: string;
  lead: string;
  sections: Section[];
}

/** Where the Information Commissioner's Office is reached (configuration: POSTBAG_ICO_*). */
export interface IcoContact {
  address: string;
  helpline: string;
  website: string;
}

/** Everything a notice is made from; stored with each published version. */
export interface NoticeSource {
  office: {
    name: string;
    memberName: string;
    address: string | null;
    email: string | null;
    dataProtectionContact: string | null;
    icoRegistration: string | null;
    securityMeasures: string;
  };
  /** The current purposes of the record, in its order. */
  purposes: PurposeView[];
  ico: IcoContact;
}

/** Each lawful basis as a constituent would read it, with the article for those who look it up. */
const basisInWords: Record<LawfulBasis, string> = {
  consent: 'your consent, which you can withdraw at any time (UK GDPR Article 6(1)(a))',
  contract: 'a contract with you, or steps you asked for before one (UK GDPR Article 6(1)(b))',
  legal_obligation: 'a legal obligation we must meet (UK GDPR Article 6(1)(c))',
  vital_interests: 'the need to protect someone’s life (vital interests, UK GDPR Article 6(1)(d))',
  public_task: 'our work in the public interest as your elected representative (public task, UK GDPR Article 6(1)(e))',
  legitimate_interests: 'our legitimate interests, balanced against yours (UK GDPR Article 6(1)(f))',
};

const conditionInWords: Record<PurposeArticle9Condition, string> = {
  explicit_consent: 'your explicit consent (Article 9(2)(a))',
  employment: 'obligations in employment and social security law (Article 9(2)(b))',
  vital_interests: 'the need to protect someone’s life when they cannot consent (Article 9(2)(c))',
  made_public: 'information you have clearly made public yourself (Article 9(2)(e))',
  legal_claims: 'making or defending legal claims (Article 9(2)(f))',
  substantial_public_interest: 'reasons of substantial public interest (Article 9(2)(g))',
  health_or_social_care: 'health or social care (Article 9(2)(h))',
  public_health: 'public health (Article 9(2)(i))',
  archiving_or_research: 'archiving, research or statistics, with safeguards (Article 9(2)(j))',
};

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The same item named by several purposes is listed once, as first written. */
function distinct(lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const item of lists.flat()) if (!seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item);
  return [...seen.values()];
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'purpose';

function purposePart(p: PurposeView): Block {
  const blocks: Block[] = [{ kind: 'p', text: sentence(p.description) }, { kind: 'p', text: 'What we collect:' }, { kind: 'list', items: p.dataCategories }];
  blocks.push({ kind: 'p', text: `Whose information: ${p.dataSubjects.map(lowerFirst).join('; ')}.` });
  if (p.lawfulBasis) blocks.push({ kind: 'p', text: `Our lawful basis: ${basisInWords[p.lawfulBasis]}.` });
  if (p.specialCategories.length && p.specialCategoryCondition) {
    const paragraph = p.scheduleOneParagraph === null ? undefined : scheduleOneParagraphs[p.scheduleOneParagraph];
    const schedule = paragraph ? `, with the condition in the Data Protection Act 2018, Schedule 1, paragraph ${p.scheduleOneParagraph} (${lowerFirst(paragraph.title)})` : '';
    const kinds = p.specialCategories.map((c) => lowerFirst(specialCategoryLabels[c]));
    blocks.push({
      kind: 'p',
      text: `This can include more sensitive information (special category data): ${kinds.join(', ')}. For that we rely on ${conditionInWords[p.specialCategoryCondition]}${schedule}.`,
    });
  }
  if (p.consentRequired) blocks.push({ kind: 'p', text: 'We do this only with your consent. You can withdraw it at any time, and we then stop.' });
  return { kind: 'part', id: `purpose-${slug(p.name)}`, heading: p.name, blocks };
}

function retention(p: PurposeView): string {
  const m = p.retentionMonths;
  const period = m === null ? '' : `${m === 1 ? 'One month' : m === 12 ? 'One year' : m % 12 === 0 ? `${m / 12} years` : `${m} months`}. `;
  return `${period}${sentence(p.retentionNote)}`;
}

/** How to reach the office, in the words of a sentence: "e-mail office@example.org or write to 1 High Street, Town". */
function howToReach(office: NoticeSource['office']): string {
  const ways = [office.email && `e-mail ${office.email}`, office.address && `write to ${office.address.replace(/\s*\n\s*/g, ', ')}`].filter(Boolean);
  return ways.length ? ways.join(' or ') : 'contact the office';
}

/** The notice for this record and these details. It reads the record as given: publishing checks it first (`noticeProblems`). */
export function noticeDocument(source: NoticeSource): NoticeDocument {
  const { office, purposes, ico } = source;
  const member = office.memberName;
  const reach = howToReach(office);
  const onConsent = purposes.filter((p) => p.lawfulBasis === 'consent' || p.specialCategoryCondition === 'explicit_consent');
  const onInterests = purposes.filter((p) => p.lawfulBasis === 'legitimate_interests' || p.lawfulBasis === 'public_task');
  const names = (ps: readonly PurposeView[]) => ps.map((p) => p.name).join(', ');

  const whoWeAre: Block[] = [
    {
      kind: 'p',
      text: `${member} is the data controller for the personal information ${office.name} holds: they decide how it is used and are responsible for keeping it safe under UK data protection law (the UK General Data Protection Regulation and the Data Protection Act 2018). Their use of your information is separate from that of any political party, which has its own privacy notice.`,
    },
    {
      kind: 'terms',
      items: [
        ['Write to', office.address?.replace(/\s*\n\s*/g, ', ') ?? 'Ask the office for its address.'],
        ['E-mail', office.email ?? 'Ask the office for its e-mail address.'],
        ['Our data protection lead', office.dataProtectionContact?.replace(/\s*\n\s*/g, ', ') ?? 'Contact the office and ask for the data protection lead.'],
        ...(office.icoRegistration ? ([['Registered with the Information Commissioner as', office.icoRegistration]] as [string, string][]) : []),
      ],
    },
  ];

  const rights: [string, string][] = [
    ['To be informed', 'This notice tells you what we do with your information. Ask us if anything in it is unclear.'],
    ['To see your information (access)', 'Ask us for a copy of the information we hold about you: this is often called a subject access request.'],
    ['To have it corrected (rectification)', 'Tell us if anything we hold is wrong or incomplete and we will correct it.'],
    ['To have it deleted (erasure)', 'Ask us to delete your information. We will, unless the law requires us to keep it or we need it for a legal claim.'],
    ['To limit how we use it (restriction)', 'Ask us to stop using your information, other than keeping it, while a question about it is settled.'],
    [
      'To object',
      `Object to our use of your information${onInterests.length ? ` for ${names(onInterests)}` : ''}; we will stop unless we have strong reasons to continue. Your objection to newsletters and campaign updates (direct marketing) is absolute: we stop at once.`,
    ],
    ...(onConsent.length
      ? ([
          ['To withdraw your consent', `Where we rely on your consent (${names(onConsent)}), withdraw it at any time: unsubscribe with the link in any e-mail, or tell us. It does not affect what we did before.`],
          ['To take your information with you (portability)', `Where we rely on your consent (${names(onConsent)}), ask for the information you gave us in a common format that a computer can read.`],
        ] as [string, string][])
      : []),
    ['Not to be subject to automated decisions', 'We make no decision about you by automated means alone, and we do not profile you.'],
  ];

  const sections: Section[] = [
    {
      id: 'in-short',
      heading: 'In short',
      blocks: [
        {
          kind: 'list',
          items: [
            `We use your information to deal with the issues you raise with ${member}, to represent constituents and to carry out ${member}’s work as an elected representative.`,
            'We never sell your information, we do not use it for profiling, and we do not use it to train artificial intelligence.',
            'We share it only where that is needed: for example with a government department or council that can resolve your case.',
            'We send newsletters and campaign updates only if you ask for them, and you can unsubscribe at any time.',
            'You can ask to see, correct or delete the information we hold about you.',
          ],
        },
      ],
    },
    { id: 'who-we-are', heading: 'Who we are and how to contact us', blocks: whoWeAre },
    {
      id: 'what-we-collect',
      heading: 'What we collect and why',
      blocks: [{ kind: 'p', text: `We use personal information for the purposes below. For each we say what we collect, whose information it is, and the lawful basis we rely on.` }, ...purposes.map(purposePart)],
    },
    {
      id: 'where-it-comes-from',
      heading: 'Where your information comes from',
      blocks: [{ kind: 'p', text: 'Mostly from you. We also receive it from:' }, { kind: 'list', items: distinct(purposes.map((p) => p.sources)) }],
    },
    {
      id: 'who-we-share-with',
      heading: 'Who we share it with',
      blocks: [
        { kind: 'p', text: 'We share your information only where that is needed for the purposes above, and never sell it. It may go to:' },
        { kind: 'list', items: distinct(purposes.map((p) => p.recipients)) },
        { kind: 'p', text: 'Those who handle it for us do so under contracts and data sharing agreements that protect it.' },
      ],
    },
    {
      id: 'how-long',
      heading: 'How long we keep it',
      blocks: [
        { kind: 'p', text: 'We keep information no longer than the purpose needs. Information under a legal hold (for a complaint, a legal claim or safeguarding) is kept until the hold ends.' },
        { kind: 'table', caption: 'How long we keep information, by purpose', head: ['Purpose', 'How long we keep it'], rows: purposes.map((p) => [p.name, retention(p)]) },
      ],
    },
    {
      id: 'what-we-never-do',
      heading: 'What we never do',
      blocks: [
        {
          kind: 'list',
          items: [
            'We never sell your information or use it for commercial gain.',
            'We do not use it for profiling, and we make no decision about you by automated means alone.',
            'We do not use your personal information to train artificial intelligence.',
            'This privacy notice and our contact form set no cookies and load nothing from other websites.',
          ],
        },
      ],
    },
    { id: 'security', heading: 'How we keep it safe', blocks: securityBlocks(office.securityMeasures) },
    {
      id: 'your-rights',
      heading: 'Your rights',
      blocks: [
        { kind: 'p', text: 'You have these rights under UK data protection law. Some apply only in certain circumstances, and the law has exemptions.' },
        { kind: 'terms', items: rights },
        {
          kind: 'p',
          text: `To use any of them, ${reach}. It is free. We reply within one month of receiving your request, or tell you within that month if we need up to two months more because it is complex. We may ask you to prove who you are first.`,
        },
      ],
    },
    {
      id: 'complaints',
      heading: 'How to complain',
      blocks: [
        { kind: 'p', text: `If you are unhappy with how we have handled your information, please tell us first: ${reach}.` },
        { kind: 'p', text: 'You also have the right to complain to the Information Commissioner’s Office (ICO), the UK’s independent regulator for data protection:' },
        { kind: 'terms', items: [['Write to', ico.address], ['Helpline', ico.helpline], ['Website', ico.website]] },
      ],
    },
    {
      id: 'changes',
      heading: 'Changes to this notice',
      blocks: [{ kind: 'p', text: 'We update this notice when what we do with personal information changes. Each version is numbered and dated, and earlier versions stay available. Where required, we will tell you of significant changes.' }],
    },
  ];
  return { title: `Privacy notice of ${member}`, lead: `How ${member} and their office use your personal information, and your rights.`, sections };
}

/** The security measures as the office wrote them: a lead paragraph and "- " items become a paragraph and a list. */
function securityBlocks(text: string): Block[] {
  const [lead = '', ...items] = text.split(/\n- /);
  const blocks: Block[] = lead.trim() ? [{ kind: 'p', text: lead.trim() }] : [];
  return items.length ? [...blocks, { kind: 'list', items: items.map((i) => i.trim()) }] : blocks;
}
