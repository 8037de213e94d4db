/**
 * Demo data, created on first start with an empty database (never in
 * production): a fictional partnership with about 30 organisations across the
 * sectors and every early-years setting type, last cycle's accepted returns,
 * and an open cycle with returns in every status.
 */
import { count, eq } from 'drizzle-orm';
import {
  CATALOGUE_VERSION,
  RoleSchema,
  STANDARDS,
  getStandard,
  suggestRag,
  type CheckResponse,
  type Rag,
  type ReturnStatus,
  type Sector,
  type StandardNumber,
  type SubType,
  type Variant,
} from '@s11/shared';
import { hashPassword } from '../auth/passwords';
import type { Db } from '../db/client';
import {
  cycles,
  memberships,
  moderations,
  organisationPartnerships,
  organisations,
  partnerships,
  returns,
  users,
} from '../db/schema';
import { writeFields } from '../sync/write-fields';
import { withWriteLock } from '../sync/write-lock';

export const DEMO_PASSWORD = 's11-demo-password';

export interface DemoSeed {
  partnershipId: string;
  logins: { email: string; password: string; role: string; name: string }[];
}

interface OrgSpec {
  name: string;
  sector: Sector;
  subType?: SubType;
  variant: Variant;
  status: ReturnStatus;
}

const ORGS: OrgSpec[] = [
  {
    name: 'Northbridge Hospitals NHS Foundation Trust',
    sector: 'health',
    variant: 'full',
    status: 'in_progress',
  },
  {
    name: 'Northbridge Integrated Care Board',
    sector: 'health',
    variant: 'full',
    status: 'accepted',
  },
  {
    name: 'Northbridge Community Health Services',
    sector: 'health',
    variant: 'full',
    status: 'submitted',
  },
  {
    name: 'North Central Mental Health Trust',
    sector: 'health',
    variant: 'full',
    status: 'returned_for_changes',
  },
  {
    name: 'Metropolitan Police, North Area',
    sector: 'police',
    variant: 'full',
    status: 'submitted',
  },
  {
    name: 'Probation Service, North Region',
    sector: 'probation_youth_justice',
    variant: 'full',
    status: 'accepted',
  },
  {
    name: 'Northbridge Youth Justice Service',
    sector: 'probation_youth_justice',
    variant: 'full',
    status: 'not_started',
  },
  {
    name: "Northbridge Council Children's Social Care",
    sector: 'local_authority',
    subType: 'childrens_social_care',
    variant: 'full',
    status: 'accepted',
  },
  {
    name: 'Northbridge Council Education Services',
    sector: 'local_authority',
    subType: 'education_services',
    variant: 'full',
    status: 'submitted',
  },
  {
    name: 'Northbridge Council Housing',
    sector: 'local_authority',
    subType: 'housing',
    variant: 'full',
    status: 'in_progress',
  },
  {
    name: 'Northbridge Council Leisure and Libraries',
    sector: 'local_authority',
    subType: 'other_council',
    variant: 'full',
    status: 'not_started',
  },
  { name: 'Highfield Academy', sector: 'schools_colleges', variant: 'full', status: 'accepted' },
  {
    name: 'St Anne’s Primary School',
    sector: 'schools_colleges',
    variant: 'full',
    status: 'submitted',
  },
  {
    name: 'Northbridge College',
    sector: 'schools_colleges',
    variant: 'full',
    status: 'in_progress',
  },
  {
    name: 'Little Acorns Day Nursery',
    sector: 'early_years',
    subType: 'private_day_nursery',
    variant: 'light',
    status: 'not_started',
  },
  {
    name: 'Sunflower Day Nursery',
    sector: 'early_years',
    subType: 'private_day_nursery',
    variant: 'light',
    status: 'accepted',
  },
  {
    name: 'Canal Street Children’s Centre',
    sector: 'early_years',
    subType: 'maintained_nursery',
    variant: 'light',
    status: 'submitted',
  },
  {
    name: 'Rainbow Pre-school',
    sector: 'early_years',
    subType: 'preschool_playgroup',
    variant: 'light',
    status: 'accepted',
  },
  {
    name: 'Busy Bees Playgroup',
    sector: 'early_years',
    subType: 'preschool_playgroup',
    variant: 'light',
    status: 'returned_for_changes',
  },
  {
    name: 'Maria Costa, Childminder',
    sector: 'early_years',
    subType: 'childminder',
    variant: 'light',
    status: 'submitted',
  },
  {
    name: 'Hillside Childminding',
    sector: 'early_years',
    subType: 'childminder',
    variant: 'light',
    status: 'in_progress',
  },
  {
    name: 'Kids Club After School',
    sector: 'early_years',
    subType: 'out_of_school',
    variant: 'light',
    status: 'accepted',
  },
  {
    name: 'Holiday Adventures Club',
    sector: 'early_years',
    subType: 'out_of_school',
    variant: 'light',
    status: 'not_started',
  },
  {
    name: 'Northbridge Prep School Early Years',
    sector: 'early_years',
    subType: 'independent_school_ey',
    variant: 'light',
    status: 'submitted',
  },
  {
    name: 'Northbridge Youth Project',
    sector: 'voluntary_community',
    variant: 'light',
    status: 'accepted',
  },
  {
    name: 'Family Support Network',
    sector: 'voluntary_community',
    variant: 'full',
    status: 'submitted',
  },
  { name: 'St Mark’s Church', sector: 'faith', variant: 'light', status: 'in_progress' },
  {
    name: 'Northbridge Mosque Education Centre',
    sector: 'faith',
    variant: 'light',
    status: 'submitted',
  },
  {
    name: 'Northbridge Boxing Club',
    sector: 'sport_leisure',
    variant: 'light',
    status: 'accepted',
  },
  { name: 'Canal Rowing Club', sector: 'sport_leisure', variant: 'light', status: 'not_started' },
  {
    name: 'Northbridge Housing Association',
    sector: 'other',
    variant: 'full',
    status: 'submitted',
  },
];

/** A small deterministic PRNG, so the demo is the same on every machine. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface GeneratedStandard {
  fields: {
    currentPractice: string;
    evidence: string;
    gaps: string;
    checks: Record<string, CheckResponse>;
    rag: Rag;
    ragReason: string;
    completed: boolean;
  };
  actions: {
    standard: StandardNumber;
    what: string;
    owner: string;
    dueOn: string;
    status: 'not_started' | 'in_progress' | 'done';
  }[];
}

/**
 * A complete, consistent answer for one standard at the given rating: light
 * checks that suggest it, gaps and an action where it is not Green.
 */
export function generateStandard(
  variant: Variant,
  n: StandardNumber,
  rag: Rag,
  orgName: string,
): GeneratedStandard {
  const s = getStandard(n);
  const checks: Record<string, CheckResponse> = {};
  if (variant === 'light') {
    s.lightChecks.forEach((c, i) => {
      let answer: CheckResponse['answer'] = 'yes';
      if (rag === 'amber' && i === s.lightChecks.length - 1) answer = 'partly';
      if (rag === 'red' && c.essential && !Object.values(checks).some((x) => x.answer === 'no'))
        answer = 'no';
      checks[c.id] = { answer, note: '' };
    });
  }
  const suggested = variant === 'light' ? suggestRag(n, checks) : null;
  const needsAction =
    rag === 'amber' ||
    rag === 'red' ||
    (variant === 'light' && Object.values(checks).some((c) => c.answer !== 'yes'));
  return {
    fields: {
      currentPractice:
        variant === 'full' ? `${orgName}: ${s.summary} ${s.prompts[0]?.text ?? ''}` : '',
      evidence:
        variant === 'full'
          ? `Audit of case files this year; staff survey; minutes of the safeguarding committee (standard ${String(n)}).`
          : '',
      gaps: rag === 'green' ? '' : `Not yet consistent across all teams: ${s.ragGuide.amber}`,
      checks,
      rag,
      ragReason:
        rag === 'not_rated'
          ? 'Our lead was on leave during the audit period.'
          : suggested !== null && suggested !== rag
            ? 'Agreed at our management meeting.'
            : '',
      completed: true,
    },
    actions: needsAction
      ? [
          {
            standard: n,
            what: `Close the gap on ${s.title.toLowerCase()}`,
            owner: 'Safeguarding lead',
            dueOn: '2027-03-31',
            status: 'in_progress',
          },
        ]
      : [],
  };
}

function ratingsFor(rand: () => number): Rag[] {
  return STANDARDS.map(() => {
    const x = rand();
    return x < 0.8 ? 'green' : x < 0.93 ? 'amber' : x < 0.97 ? 'red' : 'not_rated';
  });
}

/** Demo data only outside production, and only when asked for. */
export function demoDataDecision(config: {
  DEMO_DATA: 'true' | 'false';
  NODE_ENV: string;
}): 'allowed' | 'refused' | 'off' {
  if (config.DEMO_DATA !== 'true') return 'off';
  return config.NODE_ENV === 'production' ? 'refused' : 'allowed';
}

export async function seedDemoIfEmpty(db: Db, now: () => Date): Promise<DemoSeed | null> {
  const [row] = await db.select({ n: count() }).from(partnerships);
  if ((row?.n ?? 0) > 0) return null;
  return seedDemo(db, now);
}

export async function seedDemo(db: Db, now: () => Date): Promise<DemoSeed> {
  const rand = prng(11);
  const partnershipId = crypto.randomUUID();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const orgIds = ORGS.map(() => crypto.randomUUID());
  const idOf = (name: string) => orgIds[ORGS.findIndex((o) => o.name === name)] ?? '';
  const nhs = idOf('Northbridge Hospitals NHS Foundation Trust');
  const nursery = idOf('Little Acorns Day Nursery');

  const people = [
    {
      email: 'dsl@northbridge-nhs.example',
      name: 'Priya Shah',
      role: 'org_editor',
      org: nhs,
      label: 'Designated safeguarding lead, NHS trust (full form)',
    },
    {
      email: 'signatory@northbridge-nhs.example',
      name: 'Dr Tom Okafor',
      role: 'org_signatory',
      org: nhs,
      label: 'Chief nurse, signs off the NHS trust return',
    },
    {
      email: 'manager@little-acorns.example',
      name: 'Jo Bennett',
      role: 'org_editor+org_signatory',
      org: nursery,
      label: 'Nursery manager (light form)',
    },
    {
      email: 'manager@nscp.example',
      name: 'Sam Reid',
      role: 'partnership_manager',
      org: null,
      label: 'Partnership manager',
    },
    {
      email: 'board@nscp.example',
      name: 'Alex Morgan',
      role: 'partnership_viewer',
      org: null,
      label: 'Board member (read-only)',
    },
  ];

  await withWriteLock(db, async (l) => {
    const tx = l.tx;
    const seq = await l.nextSeq();
    await tx.insert(partnerships).values({
      id: partnershipId,
      name: 'Northbridge Safeguarding Children Partnership',
      shortName: 'NSCP',
    });
    await tx.insert(organisations).values(
      ORGS.map((o, i) => ({
        id: orgIds[i] ?? '',
        name: o.name,
        sector: o.sector,
        subType: o.subType ?? null,
        usualVariant: o.variant,
        contactName: '',
        contactEmail: '',
      })),
    );
    await tx
      .insert(organisationPartnerships)
      .values(orgIds.map((organisationId) => ({ organisationId, partnershipId })));
    for (const p of people) {
      const userId = crypto.randomUUID();
      await tx.insert(users).values({ id: userId, email: p.email, name: p.name, passwordHash });
      for (const role of RoleSchema.array().parse(p.role.split('+'))) {
        await tx.insert(memberships).values({
          id: crypto.randomUUID(),
          userId,
          role,
          organisationId: p.org,
          partnershipId: p.org ? null : partnershipId,
        });
      }
    }
    const [managerRow] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'manager@nscp.example'));
    const managerId = managerRow?.id ?? '';

    const previous = crypto.randomUUID();
    const current = crypto.randomUUID();
    await tx.insert(cycles).values([
      {
        id: previous,
        partnershipId,
        name: 'Section 11 audit 2024-25',
        opensOn: '2024-10-01',
        dueOn: '2025-01-31',
        catalogueVersion: CATALOGUE_VERSION,
      },
      {
        id: current,
        partnershipId,
        name: 'Section 11 audit 2026-27',
        opensOn: '2026-10-01',
        dueOn: '2027-01-31',
        catalogueVersion: CATALOGUE_VERSION,
      },
    ]);

    const writeReturn = async (
      cycleId: string,
      o: OrgSpec,
      orgId: string,
      status: ReturnStatus,
      filledStandards: number,
    ) => {
      const returnId = crypto.randomUUID();
      const signed =
        status === 'submitted' || status === 'accepted' || status === 'returned_for_changes';
      await tx.insert(returns).values({
        id: returnId,
        cycleId,
        organisationId: orgId,
        variant: o.variant,
        status,
        catalogueVersion: CATALOGUE_VERSION,
        signOff: signed
          ? {
              name: 'Senior lead',
              jobTitle: 'Director',
              declaration: true,
              userId: managerId,
              signedAt: now().toISOString(),
            }
          : null,
        statusMessage:
          status === 'returned_for_changes'
            ? 'Please add evidence of impact for standards 5 and 7.'
            : '',
        seq,
      });
      const rags = ratingsFor(rand);
      for (let i = 0; i < filledStandards; i++) {
        const n = (i + 1) as StandardNumber;
        const g = generateStandard(o.variant, n, rags[i] ?? 'green', o.name);
        await writeFields(tx, { kind: 'standard', returnId, standard: n, fields: g.fields, seq });
        for (const a of g.actions) {
          await writeFields(tx, {
            kind: 'new_action',
            id: crypto.randomUUID(),
            returnId,
            fields: a,
            seq,
          });
        }
        if (status === 'accepted' && i < 2) {
          await tx.insert(moderations).values({
            returnId,
            standard: n,
            rag: rags[i] === 'green' && i === 1 ? 'amber' : (rags[i] ?? 'green'),
            comment: 'Moderated at the quality assurance panel.',
            moderatedBy: managerId,
            seq,
          });
        }
      }
    };

    for (const [i, o] of ORGS.entries()) {
      const orgId = orgIds[i] ?? '';
      // Last cycle: everyone returned and was accepted (so anyone can carry forward).
      await writeReturn(previous, o, orgId, 'accepted', 8);
      const filled = o.status === 'not_started' ? 0 : o.status === 'in_progress' ? 3 : 8;
      await writeReturn(current, o, orgId, o.status, filled);
    }
  });

  return {
    partnershipId,
    logins: people.map((p) => ({
      email: p.email,
      password: DEMO_PASSWORD,
      role: p.label,
      name: p.name,
    })),
  };
}
