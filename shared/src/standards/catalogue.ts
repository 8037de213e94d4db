/**
 * The standards catalogue: the 8 Section 11 standards, in both forms.
 *
 * - The **full form** (large organisations) asks, per standard, for current
 *   practice, evidence of improved outcomes, gaps, an action plan and a RAG
 *   self-rating. `prompts` are the sub-criteria a good answer covers.
 * - The **light form** (small organisations, early-years settings) asks the
 *   `lightChecks`, each answered yes / partly / no with an optional note, and
 *   suggests a RAG from the answers (see `suggestRag`).
 *
 * Both forms answer the same 8 standards, so light and full returns roll up
 * together. A return records `CATALOGUE_VERSION`; change the version whenever
 * a standard, prompt or check changes meaning, and never reuse a check id for a
 * different question (answers are stored by id).
 *
 * @example
 *   const s5 = getStandard(5);
 *   s5.title; // 'Training'
 *   s5.lightChecks.map((c) => c.question);
 */

export const CATALOGUE_VERSION = '2026.1';

export const STANDARD_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type StandardNumber = (typeof STANDARD_NUMBERS)[number];

export interface Prompt {
  id: string;
  text: string;
}

export interface LightCheck {
  /** Stable id, stored with the answer. */
  id: string;
  /** The question, in words a volunteer or a childminder understands at first reading. */
  question: string;
  /** Optional help shown under the question. */
  hint?: string;
  /**
   * An essential check answered "no" means the standard is not met (Red):
   * a child could be at risk today. Other gaps suggest Amber.
   */
  essential: boolean;
}

export interface Standard {
  number: StandardNumber;
  /** Short title for task lists and tables. */
  title: string;
  /** The standard as the statutory template states it. */
  statement: string;
  /** One plain-English sentence. */
  summary: string;
  /** Full form: what a good answer covers (3 to 6). */
  prompts: readonly Prompt[];
  /** Light form: yes / partly / no checks (2 to 4). */
  lightChecks: readonly LightCheck[];
  /** What each rating looks like for this standard. */
  ragGuide: { green: string; amber: string; red: string };
}

export const STANDARDS: readonly Standard[] = [
  {
    number: 1,
    title: 'Senior leadership',
    statement:
      "Senior management have commitment to the importance of safeguarding and promoting children's welfare.",
    summary:
      'The people in charge take keeping children safe seriously and make it part of how the organisation is run.',
    prompts: [
      {
        id: 's1-lead',
        text: 'A named lead for safeguarding at board or senior leadership level, and how they hold the organisation to account.',
      },
      {
        id: 's1-partnership',
        text: 'How the organisation is represented at the safeguarding partnership and its groups.',
      },
      {
        id: 's1-qa',
        text: 'Internal audit and quality assurance of safeguarding practice, and what it found.',
      },
      {
        id: 's1-culture',
        text: 'A culture in which staff can raise concerns, including a whistleblowing procedure staff know and use.',
      },
      {
        id: 's1-strategy',
        text: 'Safeguarding in strategic and business plans, and regular reports on it to the board.',
      },
    ],
    lightChecks: [
      {
        id: 'l1-owner',
        question:
          'Does the person in charge (owner, manager, chair or trustees) take responsibility for keeping children safe, and check on it regularly?',
        essential: false,
      },
      {
        id: 'l1-whistleblowing',
        question:
          'Can anyone who works or volunteers with you raise a worry about how things are done, even about the person in charge, and do they know who outside to tell?',
        hint: 'This is sometimes called whistleblowing.',
        essential: false,
      },
    ],
    ragGuide: {
      green:
        'A named senior lead, safeguarding reported to the board, audits done and acted on, and staff confident to raise concerns.',
      amber:
        'Leadership is committed but reporting, audit or whistleblowing arrangements are incomplete or not yet embedded.',
      red: 'No senior lead or board oversight of safeguarding, or staff cannot safely raise concerns.',
    },
  },
  {
    number: 2,
    title: 'Responsibility towards children',
    statement:
      "There is a clear statement of the agency's responsibilities towards children and this is available to all staff.",
    summary:
      'There is a written safeguarding policy that everyone can find, understands and follows.',
    prompts: [
      {
        id: 's2-policy',
        text: 'A safeguarding and child protection policy in line with the partnership’s procedures, and when it was last reviewed.',
      },
      {
        id: 's2-access',
        text: 'How staff and volunteers reach the policy and procedures, and how you know they have read them.',
      },
      {
        id: 's2-referral',
        text: "How staff know to refer a concern to children's social care (the front door or MASH), and examples that they do.",
      },
      { id: 's2-cascade', text: 'How new or changed local protocols are passed on to staff.' },
    ],
    lightChecks: [
      {
        id: 'l2-policy',
        question:
          'Do you have a written safeguarding policy that you have checked and updated in the last 12 months?',
        essential: true,
      },
      {
        id: 'l2-contents',
        question:
          'Does the policy say what to do if there is a worry about someone who works with you, and how mobile phones and cameras may be used?',
        essential: false,
      },
      {
        id: 'l2-shared',
        question:
          'Have you shared the policy with parents and with everyone who works or volunteers with you?',
        essential: false,
      },
      {
        id: 'l2-referral',
        question:
          "Does everyone know how to contact children's social care straight away if they think a child is at risk of harm?",
        essential: true,
      },
    ],
    ragGuide: {
      green:
        'A current policy in line with local procedures, known to all staff, with evidence that referrals are made correctly.',
      amber:
        'A policy exists but is out of date, not reaching all staff, or missing local protocols.',
      red: 'No safeguarding policy, or staff do not know how to refer a child at risk.',
    },
  },
  {
    number: 3,
    title: 'Accountability',
    statement:
      'There is a clear line of accountability within the organisation for work on safeguarding and promoting the welfare of children.',
    summary:
      'Everyone knows who the safeguarding lead is, and who answers for safeguarding at each level.',
    prompts: [
      {
        id: 's3-dsl',
        text: 'A named designated safeguarding lead with a defined role, protected time, training and support.',
      },
      {
        id: 's3-routes',
        text: 'Written lines of accountability and escalation, from front-line staff to the board.',
      },
      {
        id: 's3-supervision',
        text: 'Safeguarding supervision: who receives it, how often, and how it is recorded.',
      },
      {
        id: 's3-commissioned',
        text: 'How accountability extends to services you commission or contract from others.',
      },
    ],
    lightChecks: [
      {
        id: 'l3-lead',
        question:
          'Is there a named safeguarding lead, and a deputy, available whenever you are open?',
        hint: 'If you work on your own, such as a childminder, you are your own lead.',
        essential: true,
      },
      {
        id: 'l3-support',
        question:
          'Does your safeguarding lead have the time and training for the role, and someone to talk difficult cases through with?',
        essential: false,
      },
    ],
    ragGuide: {
      green:
        'A trained lead with time for the role, clear written accountability, and regular supervision that is recorded.',
      amber: 'A lead is named but time, supervision or cover for absences is not yet reliable.',
      red: 'No named lead, or nobody is accountable for safeguarding when the lead is absent.',
    },
  },
  {
    number: 4,
    title: 'Views of children and families',
    statement:
      'Service development takes account of the need to safeguard and promote welfare and is informed, where appropriate, by the views of children and families.',
    summary: 'You ask children and families what they think, and it changes what you do.',
    prompts: [
      {
        id: 's4-seek',
        text: "How children's and families' views are sought when services are designed or changed.",
      },
      {
        id: 's4-diverse',
        text: 'How you hear from disabled children, and from children and families of diverse backgrounds.',
      },
      {
        id: 's4-examples',
        text: 'Examples: surveys, children’s panels, young people on interview panels, feedback after contact.',
      },
      {
        id: 's4-change',
        text: 'What changed as a result, and how you told children and families.',
      },
    ],
    lightChecks: [
      {
        id: 'l4-ask',
        question:
          'Do you ask children and parents what they think of your setting, and whether children feel safe?',
        essential: false,
      },
      {
        id: 'l4-act',
        question: 'Have you changed anything because of what children or parents told you?',
        essential: false,
      },
    ],
    ragGuide: {
      green:
        "Children's and families' views are sought routinely, from diverse groups, and you can show what changed.",
      amber: 'Views are sought occasionally or from few groups, and changes are not yet tracked.',
      red: "Children's and families' views are not sought.",
    },
  },
  {
    number: 5,
    title: 'Training',
    statement:
      'There is effective training on safeguarding and promoting the welfare of children for all staff working with or, depending on the agency’s primary functions, in contact with children and families.',
    summary: 'Everyone has safeguarding training that suits their role, and it is kept up to date.',
    prompts: [
      {
        id: 's5-induction',
        text: 'Safeguarding training at induction for all staff and volunteers.',
      },
      {
        id: 's5-role',
        text: 'Training matched to each role and refreshed at set intervals, with records of who has done what.',
      },
      {
        id: 's5-impact',
        text: 'How you check that training changes practice (for example case audits or supervision).',
      },
      { id: 's5-multiagency', text: 'Uptake of the partnership’s multi-agency training.' },
    ],
    lightChecks: [
      {
        id: 'l5-induction',
        question:
          'Has everyone who works or volunteers with you had safeguarding training when they started?',
        essential: true,
      },
      {
        id: 'l5-refresh',
        question:
          'Is the training refreshed regularly, and do you keep a record of who has done it and when?',
        essential: false,
      },
      {
        id: 'l5-online',
        question:
          'Do staff know how to keep children safe online, and what to do if they see something worrying?',
        essential: false,
      },
    ],
    ragGuide: {
      green:
        'All staff trained for their role and up to date, with records, and evidence that training changes practice.',
      amber: 'Most staff trained, but gaps in refreshers, records or multi-agency training.',
      red: 'Staff working with children have had no safeguarding training.',
    },
  },
  {
    number: 6,
    title: 'Safer recruitment and allegations',
    statement:
      'Safer recruitment procedures, including vetting procedures and those for managing allegations, are in place.',
    summary:
      'You check people properly before they work with children, and you know what to do if someone who works with you may have harmed a child.',
    prompts: [
      {
        id: 's6-checks',
        text: 'Safer recruitment checks: identity, full employment history and gaps, references, and DBS checks at the right level.',
      },
      { id: 's6-training', text: 'Safer recruitment training for those who recruit.' },
      {
        id: 's6-allegations',
        text: 'A procedure for allegations against staff, with a senior person who liaises with the Local Authority Designated Officer (LADO).',
      },
      {
        id: 's6-dbs-referral',
        text: 'How you meet the duty to refer to the Disclosure and Barring Service.',
      },
    ],
    lightChecks: [
      {
        id: 'l6-checks',
        question:
          'Do you check everyone before they start: who they are, references, and an enhanced DBS check?',
        hint: 'Early-years settings also check that staff are not disqualified from working with children.',
        essential: true,
      },
      {
        id: 'l6-records',
        question:
          'Do you keep a record of those checks for everyone who works or volunteers with you?',
        essential: false,
      },
      {
        id: 'l6-allegations',
        question:
          'If someone who works with you might have harmed a child, would you contact the LADO the same day, and Ofsted within 14 days if you are registered with them?',
        hint: 'The LADO is the Local Authority Designated Officer, who handles concerns about adults who work with children.',
        essential: true,
      },
    ],
    ragGuide: {
      green:
        'All checks done and recorded before people start, recruiters trained, and allegations handled with the LADO.',
      amber:
        'Checks are done but records are incomplete, or the allegations procedure is not yet known to all.',
      red: 'People start work with children before checks are complete, or allegations are not referred to the LADO.',
    },
  },
  {
    number: 7,
    title: 'Working with other agencies',
    statement:
      'There is effective inter-agency working to safeguard and promote the welfare of children.',
    summary: 'You work with other services to keep children safe, and raise it when you disagree.',
    prompts: [
      {
        id: 's7-escalation',
        text: 'Staff know and use the partnership’s escalation policy for resolving professional differences.',
      },
      {
        id: 's7-thresholds',
        text: 'Staff understand referral routes and the local thresholds document.',
      },
      {
        id: 's7-contribution',
        text: 'Contribution to early help, assessments, strategy meetings and child protection conferences.',
      },
      {
        id: 's7-learning',
        text: 'How learning from local and national safeguarding practice reviews is shared and acted on.',
      },
    ],
    lightChecks: [
      {
        id: 'l7-escalation',
        question:
          'If you disagree with another service about what should happen for a child, do you know how to raise it?',
        hint: 'The partnership has an escalation policy for this.',
        essential: false,
      },
      {
        id: 'l7-meetings',
        question:
          'When you are asked, do you go to meetings about a child and share what you know?',
        essential: false,
      },
    ],
    ragGuide: {
      green:
        'Staff use escalation and thresholds confidently, contribute to meetings, and act on learning from reviews.',
      amber:
        'Inter-agency working happens but is inconsistent, or learning from reviews is not reaching staff.',
      red: 'The organisation does not contribute to multi-agency work to protect children.',
    },
  },
  {
    number: 8,
    title: 'Information sharing',
    statement: 'There is effective information sharing.',
    summary:
      'You keep good records of worries about children, keep them safe, and share them when you should.',
    prompts: [
      {
        id: 's8-processes',
        text: 'Clear processes for sharing information with partner agencies.',
      },
      {
        id: 's8-consent',
        text: 'Staff know when information may be shared without consent to protect a child.',
      },
      { id: 's8-records', text: 'Records are accurate, dated and stored securely.' },
      {
        id: 's8-agreements',
        text: 'Information-sharing agreements (and, in health, the Caldicott Guardian’s role).',
      },
    ],
    lightChecks: [
      {
        id: 'l8-records',
        question:
          'Do you write down any worry about a child, with the date, and keep those notes locked away or password-protected?',
        essential: true,
      },
      {
        id: 'l8-sharing',
        question:
          "Do staff know they can share information about a child without the parents' agreement when the child may be at risk?",
        essential: false,
      },
    ],
    ragGuide: {
      green:
        'Information is shared promptly and lawfully, records are accurate and secure, and agreements are in place.',
      amber:
        'Sharing happens but staff are unsure about consent, or record keeping is inconsistent.',
      red: 'Concerns are not recorded, or records are not kept securely.',
    },
  },
];

const BY_NUMBER = new Map(STANDARDS.map((s) => [s.number, s]));

export function getStandard(number: StandardNumber): Standard {
  const standard = BY_NUMBER.get(number);
  // The map is built from a literal with every number; this cannot miss.
  if (!standard) throw new Error(`Unknown standard ${String(number)}`);
  return standard;
}

/** Every light check id of a standard, in order. */
export function lightCheckIds(number: StandardNumber): string[] {
  return getStandard(number).lightChecks.map((c) => c.id);
}

export const ALL_LIGHT_CHECK_IDS: ReadonlySet<string> = new Set(
  STANDARDS.flatMap((s) => s.lightChecks.map((c) => c.id)),
);
