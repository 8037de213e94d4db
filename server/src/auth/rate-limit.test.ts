/**
 * Rate limits hold under parallel bursts, across two server app instances
 * sharing one database (PostgreSQL: two connection pools; PGlite: one
 * embedded database), and TRUST_PROXY counts hops from the right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import { openPostgres } from '../db/client';
import { auditLog, mailbox } from '../db/schema';
import {
  client,
  createTestContext,
  createUser,
  TEST_PASSWORD,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';
import { RESET_LIMIT } from './credentials';
import { RATE_LIMIT, hit } from './rate-limit';

let a: TestContext;
let b: TestContext;
let w: World;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent', TRUST_PROXY: '1' });
  a = await createTestContext({ config });
  const shared = a.database.url
    ? { ...(await openPostgres(a.database.url, false)), url: a.database.url }
    : { ...a.database, close: () => Promise.resolve() };
  b = await createTestContext({ config, database: shared });
  w = await world(a.database.db);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('sign-in limits under a parallel burst on two instances', () => {
  it('lets at most 5 of 25 parallel wrong passwords for one account be checked', async () => {
    const user = await createUser(a.database.db, [], { email: 'burst@example.org' });
    const attempts = Array.from({ length: 25 }, (_, i) =>
      client(i % 2 ? a.app : b.app, from(`198.51.100.${String(i + 1)}`)).post('/api/auth/login', {
        email: user.email,
        password: 'wrong password here',
      }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(RATE_LIMIT.perAccount);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(
      25 - RATE_LIMIT.perAccount,
    );
    // Even the right password is refused until the window passes.
    const right = await client(a.app, from('198.51.100.99')).post('/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets at most 30 of 60 parallel attempts from one address through, whatever it claims', async () => {
    const attempts = Array.from({ length: 60 }, (_, i) =>
      client(i % 2 ? a.app : b.app, {
        // The client's own claim (left) changes every time; the proxy's (right) does not.
        'x-forwarded-for': `10.0.0.${String(i)}, 203.0.113.7`,
      }).post('/api/auth/login', { email: `nobody${String(i)}@example.org`, password: 'x' }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(RATE_LIMIT.perAddress);
    // The refusals are aggregated: one audit row for the address's window, not 30.
    const rows = await a.database.db.select().from(auditLog).where(eq(auditLog.ip, '203.0.113.7'));
    const limited = rows.filter((r) => (r.detail as { reason?: string }).reason === 'rate_limited');
    expect(limited.length).toBe(1);
  });

  it('counts a parallel burst on the module exactly (no lost updates)', async () => {
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        hit((i % 2 ? a : b).database.db, 'test:exact', { limit: 10, windowMs: 60_000 }, now),
      ),
    );
    expect(results.filter((r) => r.allowed).length).toBe(10);
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });
});

/** The same session (cookie) on the other instance. */
function twin(c: ApiClient, app: TestContext['app'], headers: Record<string, string> = {}) {
  const other = client(app, headers);
  other.cookie = c.cookie;
  return other;
}

describe('password and second-factor limits under a parallel burst on two instances', () => {
  it('sends at most 20 of 40 parallel reset requests from one address', async () => {
    const statuses = (
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          client(i % 2 ? a.app : b.app, from('203.0.113.40')).post('/api/auth/password/forgotten', {
            email: `reset${String(i)}@example.org`,
          }),
        ),
      )
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(RESET_LIMIT.perAddress);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(
      40 - RESET_LIMIT.perAddress,
    );
  });

  it('mails at most 3 reset links for one account from 12 parallel requests (same answer to all)', async () => {
    const user = await createUser(a.database.db, [], { email: 'reset-burst@example.org' });
    const statuses = (
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          client(i % 2 ? a.app : b.app, from(`198.51.100.${String(120 + i)}`)).post(
            '/api/auth/password/forgotten',
            { email: user.email },
          ),
        ),
      )
    ).map((r) => r.status);
    expect(statuses.every((s) => s === 202)).toBe(true);
    const sent = await a.database.db.select().from(mailbox).where(eq(mailbox.to, user.email));
    expect(sent.length).toBeLessThanOrEqual(RESET_LIMIT.perAccount);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('checks at most 5 of 20 parallel wrong current passwords on a password change', async () => {
    const user = await createUser(a.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const here = await client(a.app, from('198.51.100.150')).login(user.email);
    const statuses = (
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? here : twin(here, b.app, from('198.51.100.150'))).post(
            '/api/auth/password/change',
            { currentPassword: `wrong guess ${String(i)}`, newPassword: 'kettle orbit lantern 17' },
          ),
        ),
      )
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(RATE_LIMIT.perAccount);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(
      20 - RATE_LIMIT.perAccount,
    );
  });

  it('checks at most 5 of 20 parallel wrong second-factor codes for one person', async () => {
    const manager = await createUser(a.database.db, [
      { role: 'partnership_manager', partnershipId: w.pA.id },
    ]);
    const session = client(a.app, from('198.51.100.160'));
    const login = await session.post<{ secondFactor?: string }>('/api/auth/login', {
      email: manager.email,
      password: TEST_PASSWORD,
    });
    expect(login.body.secondFactor).toBe('setup');
    expect((await session.post('/api/auth/second-factor/totp/setup')).status).toBe(200);
    const statuses = (
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          // A different address each time: the per-person limit must hold alone.
          twin(session, i % 2 ? a.app : b.app, from(`198.51.100.${String(170 + i)}`)).post(
            '/api/auth/second-factor/totp/confirm',
            { code: '000000' },
          ),
        ),
      )
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(RATE_LIMIT.perAccount);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(
      20 - RATE_LIMIT.perAccount,
    );
  });
});
