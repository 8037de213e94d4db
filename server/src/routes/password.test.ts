import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mailbox } from '../db/schema';
import { COMMON_PASSWORD_COUNT, passwordProblem } from '../auth/passwords';
import { RESET_LIMIT, RESET_MINUTES } from '../auth/credentials';
import { loadConfig } from '../config';
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
  t = await createTestContext({
    config: loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent', TRUST_PROXY: 'true' }),
  });
  w = await world(t.database.db);
});
afterAll(() => t.close());

const NEW = 'kettle orbit lantern seventeen';
let ipCounter = 0;
/** A fresh address per test, so the per-address limit only bites where it is tested. */
const fresh = () => client(t.app, { 'x-forwarded-for': `198.18.0.${String(++ipCounter)}` });
const linkIn = (body: string) => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';

async function requestLink(email: string) {
  const res = await fresh().post<{ message: string }>('/api/auth/password/forgotten', { email });
  expect(res.status).toBe(202);
  return linkIn((await latestMailTo(t.database.db, email))?.body ?? '');
}

describe('forgotten password', () => {
  it('gives the same answer whether or not the account exists, and mails only a real account', async () => {
    const person = await createUser(t.database.db, [], { email: 'forgetful@example.org' });
    const real = await fresh().post<{ message: string }>('/api/auth/password/forgotten', {
      email: person.email,
    });
    const none = await fresh().post<{ message: string }>('/api/auth/password/forgotten', {
      email: 'nobody-here@example.org',
    });
    expect(real.status).toBe(none.status);
    expect(Object.keys(real.body as object)).toEqual(Object.keys(none.body as object));
    expect(real.body.message.replace(person.email, 'X')).toBe(
      none.body.message.replace('nobody-here@example.org', 'X'),
    );
    expect(real.body.message).toContain(`${String(RESET_MINUTES)} minutes`);
    const sent = await t.database.db.select().from(mailbox).where(eq(mailbox.to, person.email));
    expect(sent).toHaveLength(1);
    expect(
      await t.database.db.select().from(mailbox).where(eq(mailbox.to, 'nobody-here@example.org')),
    ).toHaveLength(0);
  });

  it('resets with a single-use link and ends every session of the person', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const laptop = await client(t.app).login(person.email);
    const tablet = await client(t.app).login(person.email);
    const token = await requestLink(person.email);
    expect(token).not.toBe('');
    expect((await fresh().get(`/api/auth/password/reset/${token}`)).status).toBe(200);
    const weak = await fresh().post<{ errors: { path: string }[] }>('/api/auth/password/reset', {
      token,
      password: 'password1234',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0]?.path).toBe('password');
    expect((await fresh().post('/api/auth/password/reset', { token, password: NEW })).status).toBe(
      200,
    );
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
    expect((await tablet.get('/api/auth/me')).status).toBe(401);
    expect(
      (await fresh().post('/api/auth/login', { email: person.email, password: TEST_PASSWORD }))
        .status,
    ).toBe(401);
    expect(
      (await fresh().post('/api/auth/login', { email: person.email, password: NEW })).status,
    ).toBe(200);
    // Once only.
    expect(
      (await fresh().post('/api/auth/password/reset', { token, password: 'another long one here' }))
        .status,
    ).toBe(404);
  });

  it('is single-use under concurrency: of five parallel resets exactly one succeeds', async () => {
    const person = await createUser(t.database.db, []);
    const token = await requestLink(person.email);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        fresh().post('/api/auth/password/reset', {
          token,
          password: `parallel reset number ${String(i)}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404]);
    const winner = results.findIndex((r) => r.status === 200);
    expect(
      (
        await fresh().post('/api/auth/login', {
          email: person.email,
          password: `parallel reset number ${String(winner)}`,
        })
      ).status,
    ).toBe(200);
  });

  it(`expires after ${String(RESET_MINUTES)} minutes, and a newer link replaces an older one`, async () => {
    const person = await createUser(t.database.db, []);
    const first = await requestLink(person.email);
    const second = await requestLink(person.email);
    expect(
      (await fresh().post('/api/auth/password/reset', { token: first, password: NEW })).status,
    ).toBe(404);
    t.advance(RESET_MINUTES * 60_000 + 1000);
    expect(
      (await fresh().post('/api/auth/password/reset', { token: second, password: NEW })).status,
    ).toBe(404);
    t.advance(-(RESET_MINUTES * 60_000 + 1000));
  });

  it('is rate-limited: per account quietly (same answer, no more mail), per address with 429', async () => {
    const person = await createUser(t.database.db, []);
    for (let i = 0; i < RESET_LIMIT.perAccount + 2; i++) {
      expect(
        (await fresh().post('/api/auth/password/forgotten', { email: person.email })).status,
      ).toBe(202);
    }
    const sent = await t.database.db.select().from(mailbox).where(eq(mailbox.to, person.email));
    expect(sent).toHaveLength(RESET_LIMIT.perAccount);

    const one = client(t.app, { 'x-forwarded-for': '198.19.9.9' });
    const statuses: number[] = [];
    for (let i = 0; i <= RESET_LIMIT.perAddress; i++)
      statuses.push(
        (
          await one.post('/api/auth/password/forgotten', {
            email: `someone${String(i)}@example.org`,
          })
        ).status,
      );
    expect(statuses.slice(0, RESET_LIMIT.perAddress).every((s) => s === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('changing a password while signed in', () => {
  it('needs the current password and ends every other session, keeping this one', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const here = await client(t.app).login(person.email);
    const elsewhere = await client(t.app).login(person.email);
    const wrong = await here.post<{ errors: { path: string }[] }>('/api/auth/password/change', {
      currentPassword: 'not my password at all',
      newPassword: NEW,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]?.path).toBe('currentPassword');
    const ok = await here.post('/api/auth/password/change', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW,
    });
    expect(ok.status).toBe(200);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect(
      (await fresh().post('/api/auth/login', { email: person.email, password: NEW })).status,
    ).toBe(200);
  });

  it('is refused without a session', async () => {
    expect(
      (
        await client(t.app).post('/api/auth/password/change', {
          currentPassword: TEST_PASSWORD,
          newPassword: NEW,
        })
      ).status,
    ).toBe(401);
  });
});

describe('password rules', () => {
  it('use a maintained list of tens of thousands of common passwords', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThan(40_000);
    expect(passwordProblem('qwertyuiop123')).toMatch(/too common/);
    expect(passwordProblem('iloveyou1234')).toMatch(/too common/);
    expect(passwordProblem(NEW)).toBeNull();
  });

  it('refuse lone surrogates and control characters, and normalise to NFC', () => {
    expect(passwordProblem(`long enough pass\uD800word`)).toMatch(/broken character/);
    expect(passwordProblem(`long enough pass\u0007word`)).toMatch(/control character/);
    expect(passwordProblem(`long enough pass\u0085word`)).toMatch(/control character/);
    // Emoji (a valid surrogate pair) are fine.
    expect(passwordProblem('long enough 🦊 passphrase')).toBeNull();
  });

  it('match a password typed with a decomposed accent against one set with the composed form', async () => {
    const person = await createUser(t.database.db, []);
    const here = await client(t.app).login(person.email);
    const composed = 'caf\u00e9 au lait every morning';
    const decomposed = 'cafe\u0301 au lait every morning';
    expect(
      (
        await here.post('/api/auth/password/change', {
          currentPassword: TEST_PASSWORD,
          newPassword: composed,
        })
      ).status,
    ).toBe(200);
    expect(
      (await fresh().post('/api/auth/login', { email: person.email, password: decomposed })).status,
    ).toBe(200);
  });
});
