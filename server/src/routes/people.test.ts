/**
 * Managing people and reading the audit log, through the real routes on a
 * real database: who a manager sees, role changes, disabling (every session
 * ends at once; no sign-in by password or reset link), the partnership's last
 * manager, tenancy, and the audit log's filters, pages and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  AuditPageSchema,
  OrganisationPeopleSchema,
  PeopleSchema,
  PersonSchema,
  type AuditPageBody,
  type OrganisationPersonBody,
  type PersonBody,
} from '@s11/shared';
import { auditLog, memberships, users } from '../db/schema';
import {
  TEST_PASSWORD,
  client,
  createTestContext,
  createUser,
  latestMailTo,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';

let t: TestContext;
let w: World;
let managerA: ApiClient;
beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  managerA = await client(t.app).login(w.people.managerA.email);
});
afterAll(() => t.close());

const people = (c: ApiClient, pid = w.pA.id) =>
  c.get<{ people: PersonBody[] }>(`/api/partnerships/${pid}/users`);
/** A problem without its request id (every answer has its own). */
const problem = (body: unknown) => {
  const { requestId: _id, ...rest } = body as Record<string, unknown>;
  return rest;
};
const auditRows = (action: string, entityId: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

describe('the people list', () => {
  it('shows everyone with access to the partnership and its organisations, and no one else', async () => {
    const res = await people(managerA);
    expect(res.status).toBe(200);
    expect(PeopleSchema.safeParse(res.body).error).toBeUndefined();
    const emails = res.body.people.map((p) => p.email);
    for (const p of [
      w.people.editorA1,
      w.people.signatoryA1,
      w.people.editorA2,
      w.people.managerA,
      w.people.viewerA,
    ])
      expect(emails).toContain(p.email);
    expect(emails).not.toContain(w.people.editorB1.email);
    expect(emails).not.toContain(w.people.managerB.email);

    const me = res.body.people.find((p) => p.email === w.people.managerA.email);
    expect(me).toMatchObject({ you: true, disabled: false, manageable: true });
    expect(me?.secondFactor.totp).toBe(true);
    expect(me?.memberships).toEqual([
      expect.objectContaining({ role: 'partnership_manager', scope: 'partnership' }),
    ]);
    // Signed in a moment ago (the test client passed the second factor).
    expect(Date.now() - Date.parse(me?.lastSignInAt ?? '')).toBeLessThan(3_600_000);
    const editor = res.body.people.find((p) => p.email === w.people.editorA1.email);
    expect(editor?.memberships).toEqual([
      expect.objectContaining({
        role: 'org_editor',
        scope: 'organisation',
        organisationName: 'A1 NHS Trust',
      }),
    ]);
    expect(editor?.secondFactor.totp).toBe(false);
  });

  it("lists a person's access elsewhere neither by role nor by organisation", async () => {
    const both = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
      { role: 'org_signatory', organisationId: w.orgB1.id },
    ]);
    const res = await managerA.get<PersonBody>(`/api/partnerships/${w.pA.id}/users/${both.id}`);
    expect(res.status).toBe(200);
    expect(PersonSchema.safeParse(res.body).error).toBeUndefined();
    expect(res.body.memberships.map((m) => m.organisationId)).toEqual([w.orgA1.id]);
    expect(res.body.manageable).toBe(false);
    // Disabling would shut them out of partnership B too: refused, and nothing changes.
    const disable = await managerA.post(`/api/partnerships/${w.pA.id}/users/${both.id}/disable`);
    expect(disable.status).toBe(409);
    const [u] = await t.database.db.select().from(users).where(eq(users.id, both.id));
    expect(u?.disabled).toBe(false);
  });

  it("answers another partnership's manager exactly as for a partnership that does not exist", async () => {
    const managerB = await client(t.app).login(w.people.managerB.email);
    const theirs = await people(managerB);
    const nothing = await people(managerB, crypto.randomUUID());
    expect(theirs.status).toBe(404);
    expect(problem(theirs.body)).toEqual(problem(nothing.body));
    // And manager A asking for B's person gets what a made-up id gets.
    const other = await managerA.get(`/api/partnerships/${w.pA.id}/users/${w.people.editorB1.id}`);
    const none = await managerA.get(`/api/partnerships/${w.pA.id}/users/${crypto.randomUUID()}`);
    expect(other.status).toBe(404);
    expect(problem(other.body)).toEqual(problem(none.body));
    const [bMembership] = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, w.people.editorB1.id));
    const change = await managerA.put(
      `/api/partnerships/${w.pA.id}/users/${w.people.editorB1.id}/memberships/${bMembership?.id ?? ''}`,
      { role: 'org_signatory' },
    );
    expect(change.status).toBe(404);
    const enable = await managerA.post(
      `/api/partnerships/${w.pA.id}/users/${w.people.editorB1.id}/enable`,
    );
    expect(enable.status).toBe(404);
  });
});

describe("an organisation's own people (its signatory)", () => {
  it('lists the people of the signatory’s organisation with their roles there, and nobody else', async () => {
    const both = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
      { role: 'partnership_viewer', partnershipId: w.pB.id },
    ]);
    const signatory = await client(t.app).login(w.people.signatoryA1.email);
    const res = await signatory.get<{ people: OrganisationPersonBody[] }>(
      `/api/organisations/${w.orgA1.id}/people`,
    );
    expect(res.status).toBe(200);
    expect(OrganisationPeopleSchema.safeParse(res.body).error).toBeUndefined();
    const emails = res.body.people.map((p) => p.email);
    expect(emails).toContain(w.people.editorA1.email);
    expect(emails).toContain(w.people.signatoryA1.email);
    expect(emails).not.toContain(w.people.editorA2.email);
    expect(emails).not.toContain(w.people.managerA.email);
    // Their access elsewhere is not shown.
    expect(res.body.people.find((p) => p.id === both.id)?.roles).toEqual(['org_editor']);
    // Another organisation's people: the same 404 as for none.
    const other = await signatory.get(`/api/organisations/${w.orgA2.id}/people`);
    const none = await signatory.get(`/api/organisations/${crypto.randomUUID()}/people`);
    expect(other.status).toBe(404);
    expect(problem(other.body)).toEqual(problem(none.body));
  });
});

describe('changing a role', () => {
  it('makes an editor a signatory, at once, and records it', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA2.id },
    ]);
    const session = await client(t.app).login(person.email);
    const [m] = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, person.id));
    const res = await managerA.put<PersonBody>(
      `/api/partnerships/${w.pA.id}/users/${person.id}/memberships/${m?.id ?? ''}`,
      { role: 'org_signatory' },
    );
    expect(res.status).toBe(200);
    expect(res.body.memberships[0]?.role).toBe('org_signatory');
    const me = await session.get<{ memberships: { role: string }[] }>('/api/auth/me');
    expect(me.body.memberships.map((x) => x.role)).toEqual(['org_signatory']);
    const rows = await auditRows('role_changed', person.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorEmail: w.people.managerA.email,
      partnershipId: w.pA.id,
      organisationId: w.orgA2.id,
      detail: { email: person.email, from: 'org_editor', to: 'org_signatory' },
    });
  });

  it('refuses a role of the other kind (an organisation editor cannot become a manager here)', async () => {
    const [m] = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, w.people.editorA1.id));
    const res = await managerA.put<{ errors: { path: string }[] }>(
      `/api/partnerships/${w.pA.id}/users/${w.people.editorA1.id}/memberships/${m?.id ?? ''}`,
      { role: 'partnership_manager' },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.path).toBe('role');
    const bad = await managerA.put(
      `/api/partnerships/${w.pA.id}/users/${w.people.editorA1.id}/memberships/${m?.id ?? ''}`,
      { role: 'admin' },
    );
    expect(bad.status).toBe(422);
  });

  it("keeps the partnership's last active manager, and lets one of two managers step down", async () => {
    const { pA } = w;
    const [mine] = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, w.people.managerA.id));
    const path = `/api/partnerships/${pA.id}/users/${w.people.managerA.id}/memberships/${mine?.id ?? ''}`;
    const refused = await managerA.put<{ title: string }>(path, { role: 'partnership_viewer' });
    expect(refused.status).toBe(409);
    expect(refused.body.title).toBe('The partnership must keep a manager');

    const second = await createUser(t.database.db, [
      { role: 'partnership_manager', partnershipId: pA.id },
    ]);
    const [theirs] = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, second.id));
    const other = await client(t.app).login(second.email);
    // Each demotes the other at the same moment: exactly one may succeed.
    const [a, b] = await Promise.all([
      managerA.put(
        `/api/partnerships/${pA.id}/users/${second.id}/memberships/${theirs?.id ?? ''}`,
        { role: 'partnership_viewer' },
      ),
      other.put(path, { role: 'partnership_viewer' }),
    ]);
    // The loser is refused as the last manager (409), or is already a viewer (403).
    const statuses = [a.status, b.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect([403, 409]).toContain(statuses.find((s) => s !== 200));
    const managers = await t.database.db
      .select()
      .from(memberships)
      .where(
        and(eq(memberships.partnershipId, pA.id), eq(memberships.role, 'partnership_manager')),
      );
    expect(managers).toHaveLength(1);
    // Put things back for the tests that follow: manager A stays the manager.
    if (managers[0]?.userId !== w.people.managerA.id) {
      await t.database.db
        .update(memberships)
        .set({ role: 'partnership_manager' })
        .where(eq(memberships.id, mine?.id ?? ''));
      await t.database.db
        .update(memberships)
        .set({ role: 'partnership_viewer' })
        .where(eq(memberships.id, theirs?.id ?? ''));
      managerA = await client(t.app).login(w.people.managerA.email);
    }
  });
});

describe('disabling and re-enabling an account', () => {
  it('ends every session at once and refuses sign-in by password and by reset link', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const tablet = await client(t.app).login(person.email);
    const laptop = await client(t.app).login(person.email);
    // A reset link asked for before the disable.
    await client(t.app).post('/api/auth/password/forgotten', { email: person.email });
    const link = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(
      (await latestMailTo(t.database.db, person.email))?.body ?? '',
    )?.[1];
    expect(link).toBeTruthy();

    const res = await managerA.post(`/api/partnerships/${w.pA.id}/users/${person.id}/disable`);
    expect(res.status).toBe(204);
    expect((await tablet.get('/api/auth/me')).status).toBe(401);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
    const login = await client(t.app).post('/api/auth/login', {
      email: person.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(401);
    const reset = await client(t.app).post('/api/auth/password/reset', {
      token: link,
      password: 'kettle orbit lantern seventeen',
    });
    expect(reset.status).toBeGreaterThanOrEqual(400);
    const listed = await managerA.get<PersonBody>(
      `/api/partnerships/${w.pA.id}/users/${person.id}`,
    );
    expect(listed.body.disabled).toBe(true);
    expect(await auditRows('user_disabled', person.id)).toHaveLength(1);

    // Re-enabled, they sign in again with the password they had (the reset never happened).
    expect(
      (await managerA.post(`/api/partnerships/${w.pA.id}/users/${person.id}/enable`)).status,
    ).toBe(204);
    expect(
      (
        await client(t.app).post('/api/auth/login', {
          email: person.email,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect(await auditRows('user_enabled', person.id)).toHaveLength(1);
  });

  it('does not let a manager disable themselves', async () => {
    const res = await managerA.post<{ title: string }>(
      `/api/partnerships/${w.pA.id}/users/${w.people.managerA.id}/disable`,
    );
    expect(res.status).toBe(409);
    expect(res.body.title).toBe('You cannot disable your own account');
    expect((await managerA.get('/api/auth/me')).status).toBe(200);
  });

  it('of two managers disabling each other at the same moment, only one succeeds', async () => {
    const pid = w.pA.id;
    const second = await createUser(t.database.db, [
      { role: 'partnership_manager', partnershipId: pid },
    ]);
    const other = await client(t.app).login(second.email);
    const [a, b] = await Promise.all([
      managerA.post(`/api/partnerships/${pid}/users/${second.id}/disable`),
      other.post(`/api/partnerships/${pid}/users/${w.people.managerA.id}/disable`),
    ]);
    const statuses = [a.status, b.status];
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    const active = await t.database.db
      .select()
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.partnershipId, pid),
          eq(memberships.role, 'partnership_manager'),
          eq(users.disabled, false),
        ),
      );
    expect(active).toHaveLength(1);
    if (a.status !== 204) {
      // Manager B's side won: put manager A back for the tests that follow.
      await t.database.db
        .update(users)
        .set({ disabled: false })
        .where(eq(users.id, w.people.managerA.id));
      managerA = await client(t.app).login(w.people.managerA.email);
    }
  });
});

describe('the audit log', () => {
  const audit = (query: string) =>
    managerA.get<AuditPageBody>(`/api/partnerships/${w.pA.id}/audit${query}`);

  it('filters by action and by person, newest first, a page at a time', async () => {
    for (let i = 0; i < 5; i++) await client(t.app).login(w.people.viewerA.email);
    const page1 = await audit('?action=sign_in&actor=VIEWER-A&limit=2');
    expect(page1.status).toBe(200);
    expect(AuditPageSchema.safeParse(page1.body).error).toBeUndefined();
    expect(page1.body.entries).toHaveLength(2);
    expect(page1.body.total).toBeGreaterThanOrEqual(5);
    expect(
      page1.body.entries.every(
        (e) => e.action === 'sign_in' && e.actorEmail === w.people.viewerA.email,
      ),
    ).toBe(true);
    expect(page1.body.nextBefore).toBe(page1.body.entries[1]?.id);
    const page2 = await audit(
      `?action=sign_in&actor=viewer-a&limit=2&before=${String(page1.body.nextBefore)}`,
    );
    expect(page2.body.entries[0]?.id).toBeLessThan(page1.body.entries[1]?.id ?? 0);
    expect(page2.body.total).toBe(page1.body.total);
    // A % typed in the box is a character, not a wildcard.
    expect((await audit('?actor=%25')).body.total).toBe(0);
  });

  it('filters by UK dates, both ends included', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = await audit(`?from=${today}&to=${today}`);
    expect(all.body.total).toBeGreaterThan(0);
    expect((await audit('?from=2001-01-01&to=2001-01-02')).body.total).toBe(0);
  });

  it('refuses bad filters with field-level messages, never a 500', async () => {
    for (const [query, field] of [
      ['?action=drop_table', 'action'],
      ['?from=2026-02-30', 'from'],
      ['?from=2026-03-02&to=2026-03-01', 'to'],
      ['?limit=100000', 'limit'],
      ['?before=-1', 'before'],
      ['?unknown=1', ''],
      [`?actor=${'a'.repeat(300)}`, 'actor'],
    ] as const) {
      const res = await managerA.get<{ errors?: { path: string }[] }>(
        `/api/partnerships/${w.pA.id}/audit${query}`,
      );
      expect(res.status, query).toBe(422);
      if (field)
        expect(
          res.body.errors?.map((e) => e.path),
          query,
        ).toContain(field);
    }
  });

  it('exports the filtered log as CSV with formulas neutralised, and records the export', async () => {
    await t.database.db.insert(auditLog).values({
      actorEmail: '=HYPERLINK("http://evil.example")',
      partnershipId: w.pA.id,
      action: 'sign_in_failed',
    });
    const res = await managerA.request<string>(
      'GET',
      `/api/partnerships/${w.pA.id}/audit/export.csv`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-log-/);
    const bytes = new Uint8Array(
      await (
        await t.app.request(`/api/partnerships/${w.pA.id}/audit/export.csv`, {
          headers: { cookie: managerA.cookie },
        })
      ).arrayBuffer(),
    );
    // A byte-order mark first, so Excel reads UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = res.body;
    expect(csv.startsWith('Date and time (UTC),Who,Action')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);

    const filtered = await managerA.request<string>(
      'GET',
      `/api/partnerships/${w.pA.id}/audit/export.csv?action=role_changed`,
    );
    const lines = filtered.body.trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(',Role changed,role_changed,'))).toBe(true);
    const exports = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export'), eq(auditLog.entity, 'audit_log')));
    expect(exports.map((e) => e.detail)).toContainEqual({
      format: 'audit.csv',
      filters: ['action'],
    });
  });
});
