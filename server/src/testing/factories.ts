/**
 * Test factories: `createX(db, overrides)` writes real rows; `world()` builds
 * two partnerships with organisations, people in every role, and a cycle each.
 * `client(app)` signs in through the real API and keeps the cookie.
 */
import {
  CATALOGUE_VERSION,
  EMPTY_STANDARD_FIELDS,
  STANDARD_NUMBERS,
  type Rag,
  type ReturnStatus,
  type Sector,
  type SubType,
  type StandardNumber,
  type Variant,
} from '@s11/shared';
import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
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
import { passSecondFactor } from './second-factor';

export const TEST_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | null = null;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

export async function createPartnership(
  db: Db,
  overrides: Partial<typeof partnerships.$inferInsert> = {},
) {
  const row = {
    id: crypto.randomUUID(),
    name: 'Test Safeguarding Children Partnership',
    shortName: 'TSCP',
    ...overrides,
  };
  await db.insert(partnerships).values(row);
  return row;
}

export async function createOrganisation(
  db: Db,
  partnershipIds: string[],
  overrides: Partial<{
    name: string;
    sector: Sector;
    subType: SubType | null;
    usualVariant: Variant;
  }> = {},
) {
  const row = {
    id: crypto.randomUUID(),
    name: 'Test Organisation',
    sector: 'health' as Sector,
    subType: null,
    usualVariant: 'full' as Variant,
    ...overrides,
  };
  await db.insert(organisations).values(row);
  if (partnershipIds.length)
    await db
      .insert(organisationPartnerships)
      .values(partnershipIds.map((partnershipId) => ({ organisationId: row.id, partnershipId })));
  return row;
}

export type TestRole =
  'org_editor' | 'org_signatory' | 'partnership_manager' | 'partnership_viewer';

export async function createUser(
  db: Db,
  roles: { role: TestRole; organisationId?: string; partnershipId?: string }[],
  overrides: Partial<{ email: string; name: string; disabled: boolean }> = {},
) {
  const id = crypto.randomUUID();
  const email = overrides.email ?? `user-${id.slice(0, 8)}@example.org`;
  await db.insert(users).values({
    id,
    email,
    name: overrides.name ?? 'Test User',
    passwordHash: await passwordHash(),
    disabled: overrides.disabled ?? false,
  });
  for (const r of roles) {
    await db.insert(memberships).values({
      id: crypto.randomUUID(),
      userId: id,
      role: r.role,
      organisationId: r.organisationId ?? null,
      partnershipId: r.partnershipId ?? null,
    });
  }
  return { id, email };
}

export async function createCycle(
  db: Db,
  partnershipId: string,
  orgs: { id: string; variant?: Variant }[],
  overrides: Partial<{ name: string; opensOn: string; dueOn: string }> = {},
) {
  const id = crypto.randomUUID();
  const returnIds: Record<string, string> = {};
  await withWriteLock(db, async (l) => {
    const seq = await l.nextSeq();
    await l.tx.insert(cycles).values({
      id,
      partnershipId,
      name: overrides.name ?? 'Audit 2026-27',
      opensOn: overrides.opensOn ?? '2026-10-01',
      dueOn: overrides.dueOn ?? '2027-01-31',
      catalogueVersion: CATALOGUE_VERSION,
    });
    for (const o of orgs) {
      const rid = crypto.randomUUID();
      returnIds[o.id] = rid;
      await l.tx.insert(returns).values({
        id: rid,
        cycleId: id,
        organisationId: o.id,
        variant: o.variant ?? 'full',
        status: 'not_started',
        catalogueVersion: CATALOGUE_VERSION,
        seq,
      });
    }
  });
  return { id, returnIds };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in (or anonymous) caller of the real app, in-process. */
export class ApiClient {
  cookie = '';
  constructor(
    readonly app: Hono<AppEnv>,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...this.extraHeaders, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    const res = await this.app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = /=$/.test(pair) || /Max-Age=0/i.test(setCookie) ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  put<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }

  /**
   * Signs in through the real API. Partnership staff (and anyone enrolled)
   * then set up or enter a real TOTP code (testing/second-factor.ts).
   */
  async login(email: string, password = TEST_PASSWORD): Promise<this> {
    const res = await this.post<{ secondFactor?: 'setup' | 'verify' }>('/api/auth/login', {
      email,
      password,
    });
    const owed = res.status === 401 ? res.body.secondFactor : undefined;
    if (owed) {
      await passSecondFactor(this, email, owed);
      return this;
    }
    if (res.status !== 200)
      throw new Error(
        `login failed for ${email}: ${String(res.status)} ${JSON.stringify(res.body)}`,
      );
    return this;
  }
}

export function client(app: Hono<AppEnv>, headers: Record<string, string> = {}): ApiClient {
  return new ApiClient(app, headers);
}

/**
 * Two partnerships (A and B), organisations A1, A2 (in A) and B1 (in B), a
 * person in each role, and an open cycle in each partnership.
 */
export async function world(db: Db) {
  const pA = await createPartnership(db, { name: 'Partnership A', shortName: 'PA' });
  const pB = await createPartnership(db, { name: 'Partnership B', shortName: 'PB' });
  const orgA1 = await createOrganisation(db, [pA.id], {
    name: 'A1 NHS Trust',
    sector: 'health',
    usualVariant: 'full',
  });
  const orgA2 = await createOrganisation(db, [pA.id], {
    name: 'A2 Nursery',
    sector: 'early_years',
    subType: 'private_day_nursery',
    usualVariant: 'light',
  });
  const orgB1 = await createOrganisation(db, [pB.id], {
    name: 'B1 Police',
    sector: 'police',
    usualVariant: 'full',
  });
  const people = {
    editorA1: await createUser(db, [{ role: 'org_editor', organisationId: orgA1.id }], {
      email: 'editor-a1@example.org',
    }),
    signatoryA1: await createUser(db, [{ role: 'org_signatory', organisationId: orgA1.id }], {
      email: 'signatory-a1@example.org',
    }),
    editorA2: await createUser(
      db,
      [
        { role: 'org_editor', organisationId: orgA2.id },
        { role: 'org_signatory', organisationId: orgA2.id },
      ],
      { email: 'editor-a2@example.org' },
    ),
    editorB1: await createUser(db, [{ role: 'org_editor', organisationId: orgB1.id }], {
      email: 'editor-b1@example.org',
    }),
    managerA: await createUser(db, [{ role: 'partnership_manager', partnershipId: pA.id }], {
      email: 'manager-a@example.org',
      name: 'Manager A',
    }),
    managerB: await createUser(db, [{ role: 'partnership_manager', partnershipId: pB.id }], {
      email: 'manager-b@example.org',
    }),
    viewerA: await createUser(db, [{ role: 'partnership_viewer', partnershipId: pA.id }], {
      email: 'viewer-a@example.org',
    }),
  };
  const cycleA = await createCycle(db, pA.id, [
    { id: orgA1.id, variant: 'full' },
    { id: orgA2.id, variant: 'light' },
  ]);
  const cycleB = await createCycle(db, pB.id, [{ id: orgB1.id, variant: 'full' }]);
  return { pA, pB, orgA1, orgA2, orgB1, people, cycleA, cycleB };
}

export type World = Awaited<ReturnType<typeof world>>;

/**
 * A submitted return with the given self-ratings for standards 1-8 (and
 * optional moderated ones), written directly: for roll-up and export tests.
 */
export async function createRatedReturn(
  db: Db,
  cycleId: string,
  organisationId: string,
  self: readonly (string | null)[],
  opts: {
    status?: ReturnStatus;
    moderated?: readonly (Rag | null)[];
    actions?: { standard: number; what: string; dueOn?: string }[];
  } = {},
) {
  const id = crypto.randomUUID();
  await withWriteLock(db, async (l) => {
    const seq = await l.nextSeq();
    await l.tx.insert(returns).values({
      id,
      cycleId,
      organisationId,
      variant: 'full',
      status: opts.status ?? 'submitted',
      catalogueVersion: CATALOGUE_VERSION,
      seq,
    });
    for (const n of STANDARD_NUMBERS) {
      // Through writeFields, like every real write: the row merges as a pushed one does.
      await writeFields(l.tx, {
        kind: 'standard',
        returnId: id,
        standard: n,
        fields: {
          ...EMPTY_STANDARD_FIELDS,
          currentPractice: 'x',
          evidence: 'y',
          rag: (self[n - 1] ?? null) as Rag | null,
          completed: true,
        },
        seq,
      });
      const m = opts.moderated?.[n - 1];
      if (m)
        await l.tx.insert(moderations).values({
          returnId: id,
          standard: n,
          rag: m,
          comment: '',
          moderatedBy: (await l.tx.select({ id: users.id }).from(users).limit(1))[0]?.id ?? '',
          seq,
        });
    }
    for (const a of opts.actions ?? []) {
      await writeFields(l.tx, {
        kind: 'new_action',
        id: crypto.randomUUID(),
        returnId: id,
        fields: {
          standard: a.standard as StandardNumber,
          what: a.what,
          owner: 'Lead',
          dueOn: a.dueOn ?? '',
          status: 'not_started',
        },
        seq,
      });
    }
  });
  return id;
}
