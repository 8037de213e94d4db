import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { memberships, users } from '../db/schema';
import {
  TEST_PASSWORD,
  client,
  createTestContext,
  createUser,
  latestMailTo,
  world,
  type TestContext,
  type World,
} from '../testing';

let t: TestContext;
let w: World;
beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a brand new passphrase of mine';
const tokenIn = (body: string) => /\/invitation\/([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';

async function invite(
  email: string,
  role: string,
  organisationId: string | null,
  pid = w.pA.id,
  managerEmail = w.people.managerA.email,
) {
  const manager = await client(t.app).login(managerEmail);
  const res = await manager.post<{ id: string }>(`/api/partnerships/${pid}/invitations`, {
    email,
    name: 'Invited Name',
    role,
    organisationId,
  });
  expect(res.status).toBe(201);
  const mail = await latestMailTo(t.database.db, email.toLowerCase());
  return { id: res.body.id, token: tokenIn(mail?.body ?? ''), mail, manager };
}

describe('an invitation to an existing account (the takeover)', () => {
  it("leaves the account's password, name and sessions untouched when the token is used to set a password", async () => {
    // Partnership B's editor, signed in and working; partnership A's manager invites their email.
    const victim = w.people.editorB1;
    const victimSession = await client(t.app).login(victim.email);
    const [before] = await t.database.db.select().from(users).where(eq(users.id, victim.id));
    const { token, mail } = await invite(victim.email, 'partnership_manager', null);
    expect(token).not.toBe('');
    expect(mail?.subject).toContain('You have been given access');
    expect(mail?.body).not.toMatch(/set (a|your) password/i);

    const attacker = client(t.app);
    const res = await attacker.post<{ title: string }>('/api/auth/invitations/accept', {
      token,
      name: 'Attacker',
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(409);
    expect(attacker.cookie).toBe('');

    const [after] = await t.database.db.select().from(users).where(eq(users.id, victim.id));
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect(after?.name).toBe(before?.name);
    expect((await victimSession.get('/api/auth/me')).status).toBe(200);
    expect(
      (
        await client(t.app).post('/api/auth/login', {
          email: victim.email,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect(
      (await client(t.app).post('/api/auth/login', { email: victim.email, password: NEW_PASSWORD }))
        .status,
    ).toBe(401);
    // No membership was granted to anyone.
    const ms = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, victim.id));
    expect(ms.map((m) => m.role)).toEqual(['org_editor']);
  });

  it('grants the membership only when the person accepts while signed in as themselves', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgB1.id },
    ]);
    const { token } = await invite(person.email, 'partnership_viewer', null);
    // Someone else signed in cannot take it.
    const other = await client(t.app).login(w.people.editorA1.email);
    const wrong = await other.post('/api/auth/invitations/claim', { token });
    expect(wrong.status).toBe(403);
    // Anonymous: the page learns that this email already has an account.
    const info = await client(t.app).get<{ accountExists: boolean; partnershipName: string }>(
      `/api/auth/invitations/${token}`,
    );
    expect(info.body).toMatchObject({ accountExists: true, partnershipName: 'Partnership A' });
    const me = await client(t.app).login(person.email);
    const ok = await me.post('/api/auth/invitations/claim', { token });
    expect(ok.status).toBe(200);
    // A partnership role now asks for a second factor: signing in again sets it up.
    const again = await client(t.app).login(person.email);
    const after = await again.get<{ memberships: { role: string }[] }>('/api/auth/me');
    expect(after.body.memberships.map((m) => m.role).sort()).toEqual([
      'org_editor',
      'partnership_viewer',
    ]);
    // Used once.
    expect((await again.post('/api/auth/invitations/claim', { token })).status).toBe(404);
  });

  it('changes the role of someone already in the organisation (editor to signatory) without a second set-up', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA2.id },
    ]);
    const { token } = await invite(person.email, 'org_signatory', w.orgA2.id);
    const me = await client(t.app).login(person.email);
    expect((await me.post('/api/auth/invitations/claim', { token })).status).toBe(200);
    const ms = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, person.id));
    expect(ms.map((m) => [m.role, m.organisationId])).toEqual([['org_signatory', w.orgA2.id]]);
  });
});

describe('invitation tokens', () => {
  it('are single-use under concurrency: of five parallel accepts exactly one succeeds', async () => {
    const { token } = await invite('race@example.org', 'org_editor', w.orgA1.id);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        client(t.app).post('/api/auth/invitations/accept', {
          token,
          name: `Racer ${String(i)}`,
          password: NEW_PASSWORD,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      results.filter((r) => r.status !== 201).every((r) => r.status === 404 || r.status === 409),
    ).toBe(true);
    const rows = await t.database.db
      .select()
      .from(users)
      .where(eq(users.email, 'race@example.org'));
    expect(rows).toHaveLength(1);
    const ms = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, rows[0]?.id ?? ''));
    expect(ms).toHaveLength(1);
  });

  it('expire after 14 days', async () => {
    const { token } = await invite('late@example.org', 'org_editor', w.orgA1.id);
    t.advance(14 * 86_400_000 + 1000);
    const res = await client(t.app).post('/api/auth/invitations/accept', {
      token,
      name: 'Late',
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(404);
    t.advance(-(14 * 86_400_000 + 1000));
  });

  it('can be revoked by the manager, and not by another partnership', async () => {
    const { id, token, manager } = await invite('revoked@example.org', 'org_editor', w.orgA1.id);
    const managerB = await client(t.app).login(w.people.managerB.email);
    expect(
      (await managerB.post(`/api/partnerships/${w.pB.id}/invitations/${id}/revoke`)).status,
    ).toBe(404);
    expect(
      (await manager.post(`/api/partnerships/${w.pA.id}/invitations/${id}/revoke`)).status,
    ).toBe(200);
    expect(
      (
        await client(t.app).post('/api/auth/invitations/accept', {
          token,
          name: 'R',
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(404);
    const list = await manager.get<{ invitations: { id: string; state: string }[] }>(
      `/api/partnerships/${w.pA.id}/invitations`,
    );
    expect(list.body.invitations.find((i) => i.id === id)?.state).toBe('revoked');
  });

  it('can be re-sent: a new link, the old one stops working', async () => {
    const { id, token, manager } = await invite('resend@example.org', 'org_editor', w.orgA1.id);
    expect(
      (await manager.post(`/api/partnerships/${w.pA.id}/invitations/${id}/resend`)).status,
    ).toBe(200);
    const fresh = tokenIn((await latestMailTo(t.database.db, 'resend@example.org'))?.body ?? '');
    expect(fresh).not.toBe(token);
    const body = { name: 'R', password: NEW_PASSWORD };
    expect(
      (await client(t.app).post('/api/auth/invitations/accept', { token, ...body })).status,
    ).toBe(404);
    expect(
      (await client(t.app).post('/api/auth/invitations/accept', { token: fresh, ...body })).status,
    ).toBe(201);
    const list = await manager.get<{ invitations: { id: string; state: string }[] }>(
      `/api/partnerships/${w.pA.id}/invitations`,
    );
    expect(list.body.invitations.find((i) => i.id === id)?.state).toBe('accepted');
  });

  it('are replaced by a new invitation to the same person', async () => {
    const first = await invite('twice@example.org', 'org_editor', w.orgA1.id);
    const second = await invite('twice@example.org', 'org_signatory', w.orgA1.id);
    const body = { name: 'Twice', password: NEW_PASSWORD };
    expect(
      (await client(t.app).post('/api/auth/invitations/accept', { token: first.token, ...body }))
        .status,
    ).toBe(404);
    const c = client(t.app);
    expect(
      (await c.post('/api/auth/invitations/accept', { token: second.token, ...body })).status,
    ).toBe(201);
    const me = await c.get<{ memberships: { role: string }[] }>('/api/auth/me');
    expect(me.body.memberships.map((m) => m.role)).toEqual(['org_signatory']);
    const list = await second.manager.get<{ invitations: { id: string; state: string }[] }>(
      `/api/partnerships/${w.pA.id}/invitations`,
    );
    expect(list.body.invitations.find((i) => i.id === first.id)?.state).toBe('replaced');
  });
});
