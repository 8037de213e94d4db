/**
 * Rate limits hold under parallel bursts, across two server app instances
 * sharing one database (PostgreSQL: two connection pools; PGlite: one
 * embedded database), and TRUST_PROXY counts hops from the right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import { openPostgres } from '../db/client';
import { auditLog } from '../db/schema';
import { client, createTestContext, createUser, TEST_PASSWORD, type TestContext } from '../testing';
import { RATE_LIMIT, hit } from './rate-limit';

let a: TestContext;
let b: TestContext;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent', TRUST_PROXY: '1' });
  a = await createTestContext({ config });
  const shared = a.database.url
    ? { ...(await openPostgres(a.database.url, false)), url: a.database.url }
    : { ...a.database, close: () => Promise.resolve() };
  b = await createTestContext({ config, database: shared });
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
