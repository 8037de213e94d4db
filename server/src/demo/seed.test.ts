import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { RETURN_STATUSES, SECTORS } from '@s11/shared';
import { createTestContext, type TestContext } from '../testing';
import { organisations, returns } from '../db/schema';
import { demoDataDecision, seedDemoIfEmpty, DEMO_PASSWORD } from './seed';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('demo data', () => {
  it('creates a partnership whose demo users can sign in, only once', async () => {
    const seeded = await seedDemoIfEmpty(t.database.db, () => new Date());
    expect(seeded?.logins.map((l) => l.email)).toEqual([
      'dsl@northbridge-nhs.example',
      'signatory@northbridge-nhs.example',
      'manager@little-acorns.example',
      'manager@nscp.example',
      'board@nscp.example',
    ]);
    expect(await seedDemoIfEmpty(t.database.db, () => new Date())).toBeNull();

    for (const login of seeded?.logins ?? []) {
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login.email, password: DEMO_PASSWORD }),
      });
      // Partnership staff set up an authenticator app at their first sign-in.
      if (login.email.endsWith('@nscp.example')) {
        expect(res.status, login.email).toBe(401);
        expect(((await res.json()) as { secondFactor?: string }).secondFactor).toBe('setup');
      } else expect(res.status, login.email).toBe(200);
    }
  });

  it('has about 30 organisations, every early-years setting type, and returns in every status', async () => {
    const orgs = await t.database.db.select().from(organisations);
    expect(orgs.length).toBeGreaterThanOrEqual(30);
    const eyTypes = new Set(orgs.filter((o) => o.sector === 'early_years').map((o) => o.subType));
    expect([...eyTypes].sort()).toEqual(Object.keys(SECTORS.early_years.subTypes).sort());
    const rs = await t.database.db.select().from(returns).where(eq(returns.status, 'submitted'));
    expect(rs.length).toBeGreaterThan(0);
    const statuses = new Set(
      (await t.database.db.select({ s: returns.status }).from(returns)).map((r) => r.s),
    );
    for (const s of RETURN_STATUSES) expect(statuses).toContain(s);
  });
});

describe('demo data decision', () => {
  it.each([
    ['true', 'development', 'allowed'],
    ['true', 'test', 'allowed'],
    ['true', 'production', 'refused'],
    ['false', 'development', 'off'],
    ['false', 'production', 'off'],
  ] as const)('DEMO_DATA=%s NODE_ENV=%s: %s', (DEMO_DATA, NODE_ENV, expected) => {
    expect(demoDataDecision({ DEMO_DATA, NODE_ENV })).toBe(expected);
  });
});
