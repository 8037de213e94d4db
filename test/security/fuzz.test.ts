/**
 * Hostile input: generated malformed or hostile bodies across every
 * state-changing route, on PGlite and on PostgreSQL (half each). Whatever
 * arrives, the server answers with a status below 500 and, when it refuses,
 * problem+json without a stack trace; it never crashes; and afterwards the
 * server's own log (the real pino logger, captured) holds nothing a client
 * sent: every generated string carries a canary that must not appear in it.
 *
 * The number of bodies is a parameter: FUZZ_BODIES (10,000 in all by
 * default; `pnpm fuzz` runs this file alone with 20,000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { openPostgres } from '@s11/server';
import { jsonLogger } from '@s11/server/testing/logger';
import {
  client,
  createTestContext,
  createUser,
  startPostgres,
  world,
  type ApiClient,
  type PostgresServer,
  type TestContext,
  type World,
} from '@s11/server/testing';

/**
 * Bodies in all (half per database). `pnpm test` sends 10,000; `pnpm fuzz`
 * sends 20,000 (issue 11's "done when"; its measured run is in docs/limits.md).
 */
const TOTAL = Number(process.env.FUZZ_BODIES ?? 10_000);
/** In every generated string: it must never reach the log. */
const CANARY = 'zq9canary';

/** Characters that broke storage or display before (issue 11): NUL, controls, lone surrogates, bidi. */
const nasty = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDBFF',
  '\u202E',
  '\u2066',
  '\u200B',
  '\uFEFF',
  '\uFFFF',
  '\r\n',
);

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }).map((x) => CANARY + x),
  fc
    .tuple(fc.string({ maxLength: 20 }), nasty, fc.string({ maxLength: 20 }))
    .map(([a, n, b]) => `${CANARY}${a}${n}${b}`),
  fc
    .constantFrom(
      // Dates outside what the database (or the calendar) holds.
      '0000-01-01',
      '9999-12-31',
      '+275760-09-13',
      '-000001-01-01',
      '2026-02-30',
      '2026-13-01',
      // Numbers and cursors past every range.
      '9223372036854775807',
      '9999999999999999999',
      '1e400',
      '-1e400',
    )
    .map((x) => x),
  fc
    .constantFrom(
      "'; DROP TABLE returns; --",
      '" OR 1=1 --',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '=HYPERLINK("http://evil")',
      '../../etc/passwd',
      '\u0000\u0001\u0002',
      '\uD800',
      '𝕊𝟙𝟙 ✓ émoji 🎉',
      'a'.repeat(100_000),
      '1e309',
      '-0',
      'NaN',
      '__proto__',
      'constructor',
    )
    .map((x) => CANARY + x),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(
      Number.MAX_SAFE_INTEGER + 2,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      2 ** 63,
      Number.MIN_VALUE,
      -0,
    ),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        hostileString,
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'mutations', 'status', 'rag'),
      ),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** Raw bodies: JSON of hostile values, broken JSON, deep nesting, invalid UTF-8. */
const smallBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 2000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constant('{"__proto__":{"isAdmin":true},"name":"x"}'),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
  hostileValue.map((v) => JSON.stringify({ mutations: [v, v] })),
  fc
    .record({
      mutationId: fc.uuid(),
      returnId: fc.uuid(),
      kind: fc.constantFrom('standard', 'action', 'submit', 'x'),
      standard: fc.integer(),
      baseVersion: fc.oneof(fc.integer(), fc.double()),
      changes: hostileValue,
    })
    .map((m) => JSON.stringify({ mutations: [m] })),
);

function csvOf(rows: number, row: (i: number) => string): string {
  return [
    'Name,Sector,Type,Form,Contact name,Contact email',
    ...Array.from({ length: rows }, (_, i) => row(i)),
  ].join('\n');
}

/** Very large imports: too many rows, too many bytes, thousands of bad rows, a huge cell. */
const largeImport: fc.Arbitrary<string> = fc
  .constantFrom(
    () => csvOf(6_000, (i) => `${CANARY} ${String(i)},Health,,Full,,`),
    () => csvOf(3_000, (i) => `${CANARY} ${String(i)},Nowhere,Nothing,Odd,x,not-an-email`),
    () => csvOf(1, () => `${CANARY}${'é'.repeat(600_000)},Health,,Full,,`),
    () => csvOf(2, () => `x,${CANARY}${'y'.repeat(200_000)},,Full,,`),
  )
  .chain((make) => fc.boolean().map((dryRun) => JSON.stringify({ csv: make(), dryRun })));

/** Mostly small bodies; about one in 200 a very large import (each costs up to 1.2 MB). */
const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 199, arbitrary: smallBody },
  { weight: 1, arbitrary: largeImport },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ),
  },
);

interface Route {
  method: 'POST' | 'PUT';
  name: string;
  path: (e: Engine) => string;
  as: (e: Engine) => ApiClient;
}

interface Engine {
  t: TestContext;
  w: World;
  manager: ApiClient;
  editor: ApiClient;
  victimId: string;
  victimMembershipId: string;
  /** Every line the server logged (the real pino logger). */
  log: string[];
  close(): Promise<void>;
}

async function engine(kind: 'pglite' | 'postgres'): Promise<Engine> {
  const log: string[] = [];
  let server: PostgresServer | null = null;
  let database;
  if (kind === 'postgres') {
    server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database fuzz');
    await admin.end();
    database = await openPostgres(server.url.replace(/\/postgres$/, '/fuzz'));
  }
  const t = await createTestContext({
    ...(database ? { database } : {}),
    log: jsonLogger((line) => log.push(line)),
    // The push limit would answer most pushes 429 before their items are
    // checked; lifted so the bodies reach the item validation.
    workLimits: { push: { limit: 1e9, windowMs: 60_000 } },
  });
  const w = await world(t.database.db);
  const manager = await client(t.app).login(w.people.managerA.email);
  const victimId = (
    await createUser(t.database.db, [{ role: 'org_editor', organisationId: w.orgA2.id }])
  ).id;
  const victim = await manager.get<{ memberships: { id: string }[] }>(
    `/api/partnerships/${w.pA.id}/users/${victimId}`,
  );
  return {
    t,
    w,
    log,
    manager,
    editor: await client(t.app).login(w.people.editorA1.email),
    victimId,
    victimMembershipId: victim.body.memberships[0]?.id ?? '',
    close: async () => {
      await t.close();
      server?.stop();
    },
  };
}

const returnA1 = (e: Engine) => e.w.cycleA.returnIds[e.w.orgA1.id] ?? '';
const anonymous = (e: Engine) => client(e.t.app);
const manager = (e: Engine) => e.manager;
const editor = (e: Engine) => e.editor;

/** Every state-changing route (POST and PUT) of the API. */
const routes: Route[] = [
  { method: 'POST', name: '/api/auth/login', path: () => '/api/auth/login', as: anonymous },
  { method: 'POST', name: '/api/auth/logout', path: () => '/api/auth/logout', as: anonymous },
  {
    method: 'POST',
    name: '/api/auth/invitations/accept',
    path: () => '/api/auth/invitations/accept',
    as: anonymous,
  },
  {
    method: 'POST',
    name: '/api/auth/invitations/claim',
    path: () => '/api/auth/invitations/claim',
    as: editor,
  },
  {
    method: 'POST',
    name: '/api/auth/password/forgotten',
    path: () => '/api/auth/password/forgotten',
    as: anonymous,
  },
  {
    method: 'POST',
    name: '/api/auth/password/reset',
    path: () => '/api/auth/password/reset',
    as: anonymous,
  },
  {
    method: 'POST',
    name: '/api/auth/password/change',
    path: () => '/api/auth/password/change',
    as: editor,
  },
  {
    method: 'POST',
    name: '/api/auth/second-factor/totp/setup',
    path: () => '/api/auth/second-factor/totp/setup',
    as: editor,
  },
  {
    method: 'POST',
    name: '/api/auth/second-factor/totp/confirm',
    path: () => '/api/auth/second-factor/totp/confirm',
    as: editor,
  },
  {
    method: 'POST',
    name: '/api/auth/second-factor/verify',
    path: () => '/api/auth/second-factor/verify',
    as: editor,
  },
  {
    method: 'POST',
    name: '/api/auth/second-factor/recovery-codes',
    path: () => '/api/auth/second-factor/recovery-codes',
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/auth/second-factor/totp/remove',
    path: () => '/api/auth/second-factor/totp/remove',
    as: editor,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/organisations',
    path: (e) => `/api/partnerships/${e.w.pA.id}/organisations`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/organisations/import',
    path: (e) => `/api/partnerships/${e.w.pA.id}/organisations/import`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/cycles',
    path: (e) => `/api/partnerships/${e.w.pA.id}/cycles`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/invitations',
    path: (e) => `/api/partnerships/${e.w.pA.id}/invitations`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/invitations/:id/revoke',
    path: (e) => `/api/partnerships/${e.w.pA.id}/invitations/${crypto.randomUUID()}/revoke`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/invitations/:id/resend',
    path: (e) => `/api/partnerships/${e.w.pA.id}/invitations/${crypto.randomUUID()}/resend`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/users/:id/disable',
    path: (e) => `/api/partnerships/${e.w.pA.id}/users/${e.victimId}/disable`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/users/:id/enable',
    path: (e) => `/api/partnerships/${e.w.pA.id}/users/${e.victimId}/enable`,
    as: manager,
  },
  {
    method: 'PUT',
    name: '/api/partnerships/:id/users/:id/memberships/:id',
    path: (e) =>
      `/api/partnerships/${e.w.pA.id}/users/${e.victimId}/memberships/${e.victimMembershipId}`,
    as: manager,
  },
  {
    method: 'PUT',
    name: '/api/organisations/:id',
    path: (e) => `/api/organisations/${e.w.orgA1.id}`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/cycles/:id/invitations',
    path: (e) => `/api/cycles/${e.w.cycleA.id}/invitations`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/cycles/:id/reminders',
    path: (e) => `/api/cycles/${e.w.cycleB.id}/reminders`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/returns/:id/status',
    path: (e) => `/api/returns/${returnA1(e)}/status`,
    as: manager,
  },
  {
    method: 'PUT',
    name: '/api/returns/:id/moderation/3',
    path: (e) => `/api/returns/${returnA1(e)}/moderation/3`,
    as: manager,
  },
  {
    method: 'POST',
    name: '/api/returns/:id/carry-forward',
    path: (e) => `/api/returns/${returnA1(e)}/carry-forward`,
    as: editor,
  },
  { method: 'POST', name: '/api/sync/push', path: () => '/api/sync/push', as: editor },
];

async function send(e: Engine, route: Route, b: string | Uint8Array, type: string) {
  const c = route.as(e);
  const headers: Record<string, string> = type ? { 'content-type': type } : {};
  if (c.cookie) headers.cookie = c.cookie;
  const res = await e.t.app.request(route.path(e), {
    method: route.method,
    headers,
    body: typeof b === 'string' ? b : new Blob([b as Uint8Array<ArrayBuffer>]),
  });
  const text = await res.text();
  expect(res.status, `${route.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = JSON.parse(text) as { status: number; title: string };
    expect(problem.status).toBe(res.status);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules/);
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`hostile bodies on every state-changing route (${kind})`, () => {
    let e: Engine;
    beforeAll(async () => {
      e = await engine(kind);
    }, 120_000);
    afterAll(() => e.close());

    const perRoute = Math.ceil(TOTAL / 2 / routes.length);
    for (const route of routes) {
      it(`${route.method} ${route.name}: ${String(perRoute)} bodies, never a 5xx, always problem+json`, async () => {
        await fc.assert(
          fc.asyncProperty(body, contentType, (b, type) => send(e, route, b, type)),
          { numRuns: perRoute },
        );
      });
    }

    it('answers huge cursors, extreme dates and numbers in queries with a 4xx', async () => {
      for (const q of [
        'cursor=9223372036854775807',
        'cursor=9999999999999999999',
        `cursor=${'9'.repeat(5_000)}`,
        'cursor=-1',
        'cursor=1e400',
      ]) {
        const res = await e.editor.get(`/api/sync/pull?${q}`);
        expect(res.status, q).toBe(422);
      }
      for (const q of ['before=9223372036854775807', 'limit=1e400', `before=${'9'.repeat(400)}`]) {
        expect((await e.manager.get(`/api/partnerships/${e.w.pA.id}/audit?${q}`)).status, q).toBe(
          422,
        );
      }
    });

    it('left the service healthy, the prototype untouched, and no client content in the log', async () => {
      expect((await e.t.app.request('/api/health')).status).toBe(200);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect((await e.manager.get('/api/auth/me')).status).toBe(200);
      expect(e.log.length).toBeGreaterThan(TOTAL / 4);
      const leaked = e.log.filter((l) => l.includes(CANARY));
      expect(leaked.slice(0, 3)).toEqual([]);
      // Nothing logged at error level: every refusal was a client's mistake.
      expect(e.log.filter((l) => l.includes('"level":"error"')).slice(0, 3)).toEqual([]);
    });
  });
}
