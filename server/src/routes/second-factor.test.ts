/**
 * The second factor through the real routes: partnership staff cannot reach
 * their routes on a password alone; set-up, codes, replay, recovery codes
 * (single-use, also in parallel), the rate limit, and opting in and out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  RecoveryCodesSchema,
  SecondFactorPassedSchema,
  SecondFactorStatusSchema,
  TotpConfirmedSchema,
  TotpSetupSchema,
  type RecoveryCodes,
  type SecondFactorPassed,
  type SecondFactorStatusBody,
  type TotpConfirmed,
  type TotpSetup,
} from '@s11/shared';
import { auditLog, memberships, totpCredentials } from '../db/schema';
import { RATE_LIMIT } from '../auth/rate-limit';
import { PENDING_SECOND_FACTOR_MINUTES } from '../auth/sessions';
import { secondFactorStatuses } from '../auth/second-factor';
import { totpCode } from '../auth/totp';
import {
  TEST_PASSWORD,
  client,
  createTestContext,
  createUser,
  enrolmentOf,
  freshCode,
  world,
  type ApiClient,
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

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  secondFactor?: string;
  errors?: { path: string; message: string }[];
}

/** Password only: the session that still owes its second factor. */
async function passwordOnly(email: string): Promise<{ c: ApiClient; body: ProblemBody }> {
  const c = client(t.app);
  const res = await c.post<ProblemBody>('/api/auth/login', { email, password: TEST_PASSWORD });
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return { c, body: res.body };
}

async function newManager() {
  return createUser(t.database.db, [{ role: 'partnership_manager', partnershipId: w.pA.id }]);
}

describe('partnership staff must pass a second factor', () => {
  it('answers manager and viewer routes with a clear 401 until the app is set up', async () => {
    for (const who of [w.people.managerA.email, w.people.viewerA.email]) {
      const { c, body } = await passwordOnly(who);
      expect(body).toMatchObject({
        type: 'https://s11-portal.example/problems/second-factor-required',
        title: 'Second factor needed',
        status: 401,
        secondFactor: 'setup',
      });
      expect(c.cookie).not.toBe('');
      for (const path of [
        `/api/partnerships/${w.pA.id}`,
        `/api/cycles/${w.cycleA.id}/returns`,
        '/api/auth/me',
        '/api/sync/pull?cursor=0',
      ]) {
        const res = await c.get<ProblemBody>(path);
        expect(res.status, path).toBe(401);
        expect(res.body.secondFactor, path).toBe('setup');
      }
      // Signing out still works.
      expect((await c.post('/api/auth/logout')).status).toBe(204);
    }
  });

  it('sets up an app: the secret as text and a QR code, a code confirms it, ten recovery codes once', async () => {
    const m = await newManager();
    const { c } = await passwordOnly(m.email);
    const setup = await c.post<TotpSetup>('/api/auth/second-factor/totp/setup');
    expect(setup.status).toBe(200);
    expect(TotpSetupSchema.safeParse(setup.body).error).toBeUndefined();
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.secretGrouped.replaceAll(' ', '')).toBe(setup.body.secret);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    expect(setup.body.otpauthUri).toContain('issuer=S11');
    expect(setup.body.qrSvg).toMatch(/^<svg/);

    const wrong = await c.post<ProblemBody>('/api/auth/second-factor/totp/confirm', {
      code: '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors?.[0]?.path).toBe('code');
    const badShape = await c.post<ProblemBody>('/api/auth/second-factor/totp/confirm', {
      code: '12ab',
    });
    expect(badShape.status).toBe(422);
    expect(badShape.body.errors?.[0]?.message).toMatch(/6 digits/);

    const pendingCookie = c.cookie;
    const ok = await c.post<TotpConfirmed>('/api/auth/second-factor/totp/confirm', {
      code: await totpCode(setup.body.secret, t.deps.now()),
    });
    expect(ok.status).toBe(200);
    expect(TotpConfirmedSchema.safeParse(ok.body).error).toBeUndefined();
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    expect(ok.body.recoveryCodes[0]).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(ok.body.me.email).toBe(m.email);
    // A new session token: the one seen before the second factor never gains full rights.
    expect(c.cookie).not.toBe(pendingCookie);
    expect((await c.get(`/api/partnerships/${w.pA.id}`)).status).toBe(200);
    const stale = client(t.app);
    stale.cookie = pendingCookie;
    expect((await stale.get(`/api/partnerships/${w.pA.id}`)).status).toBe(401);

    // Recovery codes are stored hashed, never as given.
    const stored = JSON.stringify(
      await t.database.db.execute(`select code_hash from recovery_codes`),
    );
    for (const code of ok.body.recoveryCodes) expect(stored).not.toContain(code);

    // The next sign-in asks for a code; a password alone cannot replace the app.
    const again = await passwordOnly(m.email);
    expect(again.body.secondFactor).toBe('verify');
    expect((await again.c.post('/api/auth/second-factor/totp/setup')).status).toBe(409);
    expect(
      (
        await t.database.db.select().from(totpCredentials).where(eq(totpCredentials.userId, m.id))
      )[0]?.secret,
    ).toBe(setup.body.secret);
  });

  it('accepts a code once: the same code in another session is refused', async () => {
    const m = await newManager();
    await client(t.app).login(m.email);
    const e = enrolmentOf(t.app, m.email);
    if (!e) throw new Error('not enrolled');
    const code = await freshCode(t.app, e);
    const first = await passwordOnly(m.email);
    const second = await passwordOnly(m.email);
    expect((await first.c.post('/api/auth/second-factor/verify', { code })).status).toBe(200);
    expect((await first.c.get(`/api/partnerships/${w.pA.id}`)).status).toBe(200);
    const replay = await second.c.post<ProblemBody>('/api/auth/second-factor/verify', { code });
    expect(replay.status).toBe(422);
    expect((await second.c.get(`/api/partnerships/${w.pA.id}`)).status).toBe(401);
  });

  it('the same fresh code sent in parallel from five sessions signs in exactly one', async () => {
    const m = await newManager();
    await client(t.app).login(m.email);
    const e = enrolmentOf(t.app, m.email);
    if (!e) throw new Error('not enrolled');
    const code = await freshCode(t.app, e);
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => passwordOnly(m.email)));
    const answers = await Promise.all(
      sessions.map((s) => s.c.post('/api/auth/second-factor/verify', { code })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422, 422, 422, 422]);
  });
});

describe('recovery codes', () => {
  it('each works once, in any case and spacing, and the count left goes down', async () => {
    const m = await newManager();
    await client(t.app).login(m.email);
    const codes = enrolmentOf(t.app, m.email)?.recoveryCodes ?? [];
    const code = codes[0] ?? '';
    const a = await passwordOnly(m.email);
    const used = await a.c.post<SecondFactorPassed>('/api/auth/second-factor/verify', {
      recoveryCode: ` ${code.toLowerCase().replaceAll('-', ' ')} `,
    });
    expect(used.status).toBe(200);
    expect(SecondFactorPassedSchema.safeParse(used.body).error).toBeUndefined();
    expect(used.body.recoveryCodesLeft).toBe(9);
    expect((await a.c.get(`/api/partnerships/${w.pA.id}`)).status).toBe(200);

    const b = await passwordOnly(m.email);
    const again = await b.c.post<ProblemBody>('/api/auth/second-factor/verify', {
      recoveryCode: code,
    });
    expect(again.status).toBe(422);
    expect(again.body.errors?.[0]).toMatchObject({ path: 'recoveryCode' });
    expect((await b.c.get(`/api/partnerships/${w.pA.id}`)).status).toBe(401);
    expect(
      (await b.c.post('/api/auth/second-factor/verify', { recoveryCode: codes[1] })).status,
    ).toBe(200);

    const status = (await secondFactorStatuses(t.database.db, [m.id])).get(m.id);
    expect(status).toMatchObject({ totp: true, recoveryCodesLeft: 8 });
  });

  it('one code spent in parallel from five sessions signs in exactly one', async () => {
    const m = await newManager();
    await client(t.app).login(m.email);
    const code = enrolmentOf(t.app, m.email)?.recoveryCodes[3] ?? '';
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => passwordOnly(m.email)));
    const answers = await Promise.all(
      sessions.map((s) => s.c.post('/api/auth/second-factor/verify', { recoveryCode: code })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422, 422, 422, 422]);
    const reachable = await Promise.all(
      sessions.map(async (s) => (await s.c.get(`/api/partnerships/${w.pA.id}`)).status),
    );
    expect(reachable.filter((s) => s === 200)).toHaveLength(1);
  });

  it('a signed-in person with a code from the app gets a new set; the old ones stop working', async () => {
    const m = await newManager();
    const c = await client(t.app).login(m.email);
    const e = enrolmentOf(t.app, m.email);
    if (!e) throw new Error('not enrolled');
    const old = e.recoveryCodes[0] ?? '';
    const fresh = await c.post<RecoveryCodes>('/api/auth/second-factor/recovery-codes', {
      code: await freshCode(t.app, e),
    });
    expect(fresh.status).toBe(200);
    expect(RecoveryCodesSchema.safeParse(fresh.body).error).toBeUndefined();
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const s = await passwordOnly(m.email);
    expect((await s.c.post('/api/auth/second-factor/verify', { recoveryCode: old })).status).toBe(
      422,
    );
    expect(
      (
        await s.c.post('/api/auth/second-factor/verify', {
          recoveryCode: fresh.body.recoveryCodes[0],
        })
      ).status,
    ).toBe(200);
  });
});

describe('limits', () => {
  it('rate-limits wrong codes: after five, even the right code waits', async () => {
    const m = await newManager();
    await client(t.app).login(m.email);
    const e = enrolmentOf(t.app, m.email);
    if (!e) throw new Error('not enrolled');
    const { c } = await passwordOnly(m.email);
    for (let i = 0; i < RATE_LIMIT.perAccount; i++) {
      expect((await c.post('/api/auth/second-factor/verify', { code: '000000' })).status).toBe(422);
    }
    const refused = await c.post('/api/auth/second-factor/verify', {
      code: await freshCode(t.app, e),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const failures = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'second_factor_failed'), eq(auditLog.actorUserId, m.id)));
    expect(failures).toHaveLength(RATE_LIMIT.perAccount);
    // Codes and secrets are never written to the audit log.
    expect(JSON.stringify(failures)).not.toContain('000000');
    t.advance(RATE_LIMIT.windowMs + 1000);
    const later = await passwordOnly(m.email);
    expect(
      (await later.c.post('/api/auth/second-factor/verify', { code: await freshCode(t.app, e) }))
        .status,
    ).toBe(200);
  });

  it(`a session owing its second factor ends after ${String(PENDING_SECOND_FACTOR_MINUTES)} minutes`, async () => {
    const m = await newManager();
    const { c } = await passwordOnly(m.email);
    t.advance(PENDING_SECOND_FACTOR_MINUTES * 60_000 + 1000);
    const res = await c.post<ProblemBody>('/api/auth/second-factor/totp/setup');
    expect(res.status).toBe(401);
    expect(res.body.secondFactor).toBeUndefined();
  });

  it('someone given a partnership role during a password-only session must pass it at once', async () => {
    const u = await createUser(t.database.db, [{ role: 'org_editor', organisationId: w.orgA2.id }]);
    const c = await client(t.app).login(u.email);
    expect((await c.get('/api/returns/mine')).status).toBe(200);
    await t.database.db.insert(memberships).values({
      id: crypto.randomUUID(),
      userId: u.id,
      role: 'partnership_viewer',
      partnershipId: w.pA.id,
      organisationId: null,
    });
    const res = await c.get<ProblemBody>('/api/returns/mine');
    expect(res.status).toBe(401);
    expect(res.body.secondFactor).toBe('setup');
  });
});

describe('organisation users may opt in', () => {
  it('sign in with a password alone until they set up an app; then need it; can turn it off', async () => {
    const u = await createUser(t.database.db, [{ role: 'org_editor', organisationId: w.orgA1.id }]);
    const c = await client(t.app).login(u.email);
    const before = await c.get<SecondFactorStatusBody>('/api/auth/second-factor');
    expect(SecondFactorStatusSchema.safeParse(before.body).error).toBeUndefined();
    expect(before.body).toEqual({
      required: false,
      totp: false,
      recoveryCodesLeft: 0,
      session: 'none',
    });
    const setup = await c.post<{ secret: string }>('/api/auth/second-factor/totp/setup');
    const confirmed = await c.post('/api/auth/second-factor/totp/confirm', {
      code: await totpCode(setup.body.secret, t.deps.now()),
    });
    expect(confirmed.status).toBe(200);
    expect((await c.get('/api/returns/mine')).status).toBe(200);

    const next = await passwordOnly(u.email);
    expect(next.body.secondFactor).toBe('verify');
    expect((await next.c.get('/api/returns/mine')).status).toBe(401);

    // Turning it off needs a current code.
    t.advance(30_000);
    expect((await c.post('/api/auth/second-factor/totp/remove', { code: '000000' })).status).toBe(
      422,
    );
    const removed = await c.post('/api/auth/second-factor/totp/remove', {
      code: await totpCode(setup.body.secret, t.deps.now()),
    });
    expect(removed.status).toBe(204);
    expect((await c.get('/api/returns/mine')).status).toBe(200);
    const plain = await client(t.app).post('/api/auth/login', {
      email: u.email,
      password: TEST_PASSWORD,
    });
    expect(plain.status).toBe(200);
  });

  it('partnership staff cannot turn it off', async () => {
    const m = await newManager();
    const c = await client(t.app).login(m.email);
    const e = enrolmentOf(t.app, m.email);
    if (!e) throw new Error('not enrolled');
    const res = await c.post('/api/auth/second-factor/totp/remove', {
      code: await freshCode(t.app, e),
    });
    expect(res.status).toBe(403);
    expect((await secondFactorStatuses(t.database.db, [m.id])).get(m.id)?.totp).toBe(true);
  });
});
