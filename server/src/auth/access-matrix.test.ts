/**
 * The tenancy matrix: every route x every kind of caller. `ok` means the call
 * got past access control (2xx, or a 409/422 about the record's state);
 * numbers are the exact refusal. 404 hides records a caller may not see; 403
 * refuses a caller who may see the record but not do this to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, memberships, returns } from '../db/schema';
import { createInvitation } from './invitations';
import { totpCode } from './totp';
import {
  TEST_PASSWORD,
  client,
  createCycle,
  createTestContext,
  createUser,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';

type Who =
  | 'anonymous'
  | 'editorThisOrg'
  | 'editorOtherOrg'
  | 'signatory'
  | 'managerThisPartnership'
  | 'managerOtherPartnership'
  | 'viewer';
type Expect = 'ok' | 401 | 403 | 404;
const WHO: Who[] = [
  'anonymous',
  'editorThisOrg',
  'editorOtherOrg',
  'signatory',
  'managerThisPartnership',
  'managerOtherPartnership',
  'viewer',
];

let t: TestContext;
let w: World;
let callers: Record<Who, ApiClient>;
let returnId: string;
let extraUser: string;
let extraMembership: string;
let invitationId: string;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
  // An earlier, accepted return so carry-forward has something to copy.
  const prev = await createCycle(t.database.db, w.pA.id, [{ id: w.orgA1.id }], {
    name: 'Audit 2024-25',
    opensOn: '2024-10-01',
    dueOn: '2025-01-31',
  });
  await t.database.db
    .update(returns)
    .set({ status: 'accepted' })
    .where(eq(returns.id, prev.returnIds[w.orgA1.id] ?? ''));
  extraUser = (
    await createUser(t.database.db, [{ role: 'org_editor', organisationId: w.orgA2.id }])
  ).id;
  extraMembership =
    (await t.database.db.select().from(memberships).where(eq(memberships.userId, extraUser)))[0]
      ?.id ?? '';
  invitationId = (
    await createInvitation(
      t.database.db,
      {
        email: 'pending@example.org',
        name: '',
        role: 'org_editor',
        organisationId: w.orgA1.id,
        partnershipId: w.pA.id,
        invitedBy: null,
      },
      new Date(),
    )
  ).invitation.id;
  callers = {
    anonymous: client(t.app),
    editorThisOrg: await client(t.app).login(w.people.editorA1.email),
    editorOtherOrg: await client(t.app).login(w.people.editorB1.email),
    signatory: await client(t.app).login(w.people.signatoryA1.email),
    managerThisPartnership: await client(t.app).login(w.people.managerA.email),
    managerOtherPartnership: await client(t.app).login(w.people.managerB.email),
    viewer: await client(t.app).login(w.people.viewerA.email),
  };
});
afterAll(() => t.close());

interface Route {
  name: string;
  call: (c: ApiClient) => Promise<{ status: number; body: unknown }>;
  expect: Record<Who, Expect>;
}

const row = (
  anonymous: Expect,
  editorThisOrg: Expect,
  editorOtherOrg: Expect,
  signatory: Expect,
  managerThisPartnership: Expect,
  managerOtherPartnership: Expect,
  viewer: Expect,
): Record<Who, Expect> => ({
  anonymous,
  editorThisOrg,
  editorOtherOrg,
  signatory,
  managerThisPartnership,
  managerOtherPartnership,
  viewer,
});

const PARTNERSHIP_READ = row(401, 404, 404, 404, 'ok', 404, 'ok');
const PARTNERSHIP_MANAGE = row(401, 404, 404, 404, 'ok', 404, 403);
const RETURN_READ = row(401, 'ok', 404, 'ok', 'ok', 404, 'ok');
const RETURN_EDIT = row(401, 'ok', 404, 'ok', 403, 404, 403);
const RETURN_MODERATE = row(401, 403, 404, 403, 'ok', 404, 403);
const SIGNED_IN = row(401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const PUBLIC = row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');

/**
 * The SSO routes answer with redirects (a refusal is a 303 to the sign-in
 * page): a redirect counts as allowed. A copy of the caller is used because
 * the routes clear their own state cookie, which the one-cookie test client
 * would take for its session.
 */
async function redirectProbe(c: ApiClient, path: string) {
  const probe = client(c.app);
  probe.cookie = c.cookie;
  const res = await probe.get(path);
  return { ...res, status: res.status >= 300 && res.status < 400 ? 200 : res.status };
}

const routes = (): Route[] => [
  { name: 'GET /auth/me', call: (c) => c.get('/api/auth/me'), expect: SIGNED_IN },
  {
    name: 'GET /partnerships/:pid',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}`),
    expect: PARTNERSHIP_READ,
  },
  {
    name: 'GET /partnerships/:pid/organisations',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/organisations`),
    expect: PARTNERSHIP_READ,
  },
  {
    name: 'POST /partnerships/:pid/organisations',
    call: (c) =>
      c.post(`/api/partnerships/${w.pA.id}/organisations`, {
        name: 'New Club',
        sector: 'sport_leisure',
        usualVariant: 'light',
      }),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /partnerships/:pid/cycles',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/cycles`),
    expect: PARTNERSHIP_READ,
  },
  {
    name: 'POST /partnerships/:pid/cycles',
    call: (c) =>
      c.post(`/api/partnerships/${w.pA.id}/cycles`, {
        name: 'Extra cycle',
        opensOn: '2027-01-01',
        dueOn: '2027-03-01',
      }),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'POST /partnerships/:pid/invitations',
    call: (c) =>
      c.post(`/api/partnerships/${w.pA.id}/invitations`, {
        email: 'someone@example.org',
        role: 'partnership_viewer',
      }),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    // A wrong current password is a 422: the caller got past access control.
    name: 'POST /auth/password/change',
    call: (c) =>
      c.post('/api/auth/password/change', {
        currentPassword: 'not the current password',
        newPassword: 'kettle orbit lantern seventeen',
      }),
    expect: SIGNED_IN,
  },
  {
    name: 'GET /partnerships/:pid/invitations',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/invitations`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'POST /partnerships/:pid/invitations/:iid/resend',
    call: (c) => c.post(`/api/partnerships/${w.pA.id}/invitations/${invitationId}/resend`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'POST /partnerships/:pid/invitations/:iid/revoke',
    call: (c) => c.post(`/api/partnerships/${w.pA.id}/invitations/${invitationId}/revoke`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    // Signed-in only; a token that names no invitation is then 404 for everyone.
    name: 'POST /auth/invitations/claim',
    call: (c) => c.post('/api/auth/invitations/claim', { token: 'x'.repeat(43) }),
    expect: row(401, 404, 404, 404, 404, 404, 404),
  },
  {
    name: 'GET /partnerships/:pid/mailbox',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/mailbox`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'POST /cycles/:id/reminders',
    call: (c) => c.post(`/api/cycles/${w.cycleA.id}/reminders`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /cycles/:id/reminders',
    call: (c) => c.get(`/api/cycles/${w.cycleA.id}/reminders`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /partnerships/:pid/audit',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/audit`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /partnerships/:pid/audit/export.csv',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/audit/export.csv?action=sign_in`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /partnerships/:pid/users',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/users`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /partnerships/:pid/users/:uid',
    call: (c) => c.get(`/api/partnerships/${w.pA.id}/users/${extraUser}`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'PUT /partnerships/:pid/users/:uid/memberships/:mid',
    call: (c) =>
      c.put(`/api/partnerships/${w.pA.id}/users/${extraUser}/memberships/${extraMembership}`, {
        role: 'org_signatory',
      }),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'POST /partnerships/:pid/users/:uid/disable',
    call: (c) => c.post(`/api/partnerships/${w.pA.id}/users/${extraUser}/disable`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'POST /partnerships/:pid/users/:uid/enable',
    call: (c) => c.post(`/api/partnerships/${w.pA.id}/users/${extraUser}/enable`),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    // The organisation's signatory and the partnership's managers; its editors and viewers 403.
    name: 'GET /organisations/:id/people',
    call: (c) => c.get(`/api/organisations/${w.orgA1.id}/people`),
    expect: row(401, 403, 404, 'ok', 'ok', 404, 403),
  },
  {
    name: 'GET /organisations/:id',
    call: (c) => c.get(`/api/organisations/${w.orgA1.id}`),
    expect: RETURN_READ,
  },
  {
    name: 'PUT /organisations/:id',
    call: (c) =>
      c.put(`/api/organisations/${w.orgA1.id}`, {
        name: 'A1 NHS Trust',
        sector: 'health',
        usualVariant: 'full',
      }),
    expect: row(401, 403, 404, 403, 'ok', 404, 403),
  },
  {
    name: 'GET /cycles/:id',
    call: (c) => c.get(`/api/cycles/${w.cycleA.id}`),
    expect: RETURN_READ,
  },
  {
    name: 'GET /cycles/:id/returns',
    call: (c) => c.get(`/api/cycles/${w.cycleA.id}/returns`),
    expect: PARTNERSHIP_READ,
  },
  {
    name: 'POST /cycles/:id/invitations',
    call: (c) =>
      c.post(`/api/cycles/${w.cycleA.id}/invitations`, {
        invitations: [{ organisationId: w.orgA2.id }],
      }),
    expect: PARTNERSHIP_MANAGE,
  },
  {
    name: 'GET /cycles/:id/rollup',
    call: (c) => c.get(`/api/cycles/${w.cycleA.id}/rollup`),
    expect: PARTNERSHIP_READ,
  },
  { name: 'GET /returns/mine', call: (c) => c.get('/api/returns/mine'), expect: SIGNED_IN },
  { name: 'GET /returns/:id', call: (c) => c.get(`/api/returns/${returnId}`), expect: RETURN_READ },
  {
    name: 'POST /returns/:id/carry-forward',
    call: (c) => c.post(`/api/returns/${returnId}/carry-forward`),
    expect: RETURN_EDIT,
  },
  {
    name: 'POST /returns/:id/status',
    call: (c) => c.post(`/api/returns/${returnId}/status`, { status: 'accepted' }),
    expect: RETURN_MODERATE,
  },
  {
    name: 'PUT /returns/:id/moderation/:standard',
    call: (c) => c.put(`/api/returns/${returnId}/moderation/1`, { rag: 'amber', comment: 'Check' }),
    expect: RETURN_MODERATE,
  },
  {
    name: 'POST /sync/push (edit a standard)',
    call: async (c) => {
      const res = await c.post<{ results?: { status: string; problem?: { status: number } }[] }>(
        '/api/sync/push',
        {
          mutations: [
            {
              mutationId: crypto.randomUUID(),
              returnId,
              kind: 'standard',
              standard: 2,
              baseVersion: 0,
              changes: { gaps: 'x' },
            },
          ],
        },
      );
      const item = res.body.results?.[0];
      // The HTTP answer is 200 with a per-item result; the item carries the refusal.
      return {
        status: item?.status === 'rejected' ? (item.problem?.status ?? 500) : res.status,
        body: res.body,
      };
    },
    expect: RETURN_EDIT,
  },
  {
    name: 'POST /sync/push (submit)',
    call: async (c) => {
      const res = await c.post<{ results?: { status: string; problem?: { status: number } }[] }>(
        '/api/sync/push',
        {
          mutations: [
            {
              mutationId: crypto.randomUUID(),
              returnId,
              kind: 'submit',
              signOff: { name: 'N', jobTitle: 'J', declaration: true },
            },
          ],
        },
      );
      const item = res.body.results?.[0];
      return {
        status: item?.status === 'rejected' ? (item.problem?.status ?? 500) : res.status,
        body: res.body,
      };
    },
    expect: row(401, 403, 404, 'ok', 403, 404, 403),
  },
  { name: 'GET /sync/pull', call: (c) => c.get('/api/sync/pull?cursor=0'), expect: SIGNED_IN },
  // The second factor: every signed-in person may use these on themselves
  // (409/422 mean "allowed, but not in this state" or "wrong code").
  {
    name: 'GET /auth/second-factor',
    call: (c) => c.get('/api/auth/second-factor'),
    expect: SIGNED_IN,
  },
  {
    name: 'POST /auth/second-factor/totp/setup',
    call: (c) => c.post('/api/auth/second-factor/totp/setup'),
    expect: SIGNED_IN,
  },
  {
    name: 'POST /auth/second-factor/totp/confirm',
    call: (c) => c.post('/api/auth/second-factor/totp/confirm', { code: '000000' }),
    expect: SIGNED_IN,
  },
  {
    name: 'POST /auth/second-factor/verify',
    call: (c) => c.post('/api/auth/second-factor/verify', { code: '000000' }),
    expect: SIGNED_IN,
  },
  {
    name: 'POST /auth/second-factor/recovery-codes',
    call: (c) => c.post('/api/auth/second-factor/recovery-codes', { code: '000000' }),
    expect: SIGNED_IN,
  },
  {
    name: 'POST /auth/second-factor/totp/remove',
    call: (c) => c.post('/api/auth/second-factor/totp/remove', { code: '000000' }),
    // Partnership staff must keep theirs.
    expect: row(401, 'ok', 'ok', 'ok', 403, 403, 403),
  },
  // Single sign-on: public (the provider sends the browser back with no session).
  { name: 'GET /auth/oidc', call: (c) => redirectProbe(c, '/api/auth/oidc'), expect: PUBLIC },
  {
    name: 'GET /auth/oidc/start',
    call: (c) => redirectProbe(c, '/api/auth/oidc/start'),
    expect: PUBLIC,
  },
  {
    name: 'GET /auth/oidc/callback',
    call: (c) => redirectProbe(c, '/api/auth/oidc/callback?code=x&state=y'),
    expect: PUBLIC,
  },
];

/** Routes a session that has passed the password but not the second factor may use. */
const SECOND_FACTOR_ROUTES = new Set([
  'GET /auth/second-factor',
  'POST /auth/second-factor/totp/setup',
  'POST /auth/second-factor/totp/confirm',
  'POST /auth/second-factor/verify',
]);

describe('access matrix', () => {
  for (const route of routes()) {
    it(`${route.name}`, async () => {
      const got: Record<string, number | 'ok'> = {};
      for (const who of WHO) {
        const res = await route.call(callers[who]);
        // 409/422 mean the caller was allowed and the record's state or the input said no.
        got[who] = res.status < 300 || res.status === 409 || res.status === 422 ? 'ok' : res.status;
      }
      expect(got).toEqual(route.expect);
    });
  }

  it('a manager, viewer or opted-in user with only a password gets 401 "second factor needed" everywhere else', async () => {
    // managerThisPartnership and viewer were enrolled by client().login above.
    const enrolledEditor = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const e = await client(t.app).login(enrolledEditor.email);
    await e.post('/api/auth/second-factor/totp/setup').then(async (r) => {
      const secret = (r.body as { secret: string }).secret;
      await e.post('/api/auth/second-factor/totp/confirm', {
        code: await totpCode(secret, t.deps.now()),
      });
    });
    for (const email of [
      w.people.managerA.email,
      w.people.viewerA.email,
      w.people.managerB.email,
      enrolledEditor.email,
    ]) {
      const pending = client(t.app);
      const login = await pending.post('/api/auth/login', { email, password: TEST_PASSWORD });
      expect(login.status).toBe(401);
      for (const route of routes()) {
        const res = await route.call(pending);
        const body = res.body as { secondFactor?: string; type?: string };
        if (route.name.startsWith('GET /auth/oidc')) {
          expect(res.status, `${email} ${route.name}`).toBeLessThan(400);
        } else if (SECOND_FACTOR_ROUTES.has(route.name)) {
          expect([200, 409, 422], `${email} ${route.name}`).toContain(res.status);
        } else if (route.name.startsWith('POST /sync/push')) {
          // Push refuses the whole request before looking at any item.
          expect(res.status, `${email} ${route.name}`).toBe(401);
        } else {
          expect(res.status, `${email} ${route.name}`).toBe(401);
          expect(body.secondFactor, `${email} ${route.name}`).toBe('verify');
          expect(body.type).toBe('https://s11-portal.example/problems/second-factor-required');
        }
      }
    }
  });

  it('writes refused access to the audit log', async () => {
    await callers.managerOtherPartnership.get(`/api/returns/${returnId}`);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'access_refused'), eq(auditLog.entityId, returnId)));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.actorEmail === w.people.managerB.email)).toBe(true);
  });

  it('answers a malformed id in a path with 404, not 500', async () => {
    expect((await callers.managerThisPartnership.get('/api/returns/not-a-uuid')).status).toBe(404);
    expect(
      (await callers.managerThisPartnership.get(`/api/returns/${crypto.randomUUID()}`)).status,
    ).toBe(404);
  });
});
