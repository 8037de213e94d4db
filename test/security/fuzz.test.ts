/**
 * Hostile input: at least 10,000 generated malformed or hostile bodies across
 * every state-changing route. Whatever arrives, the server answers with a
 * status below 500 and, when it refuses, problem+json without a stack trace;
 * it never crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  client,
  createTestContext,
  createUser,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '@s11/server/testing';

let t: TestContext;
let w: World;
let manager: ApiClient;
let editor: ApiClient;
let victimId: string;
let victimMembershipId: string;

const TOTAL = 10_000;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
  editor = await client(t.app).login(w.people.editorA1.email);
  victimId = (await createUser(t.database.db, [{ role: 'org_editor', organisationId: w.orgA2.id }]))
    .id;
  victimMembershipId =
    (
      await manager.get<{ memberships: { id: string }[] }>(
        `/api/partnerships/${w.pA.id}/users/${victimId}`,
      )
    ).body.memberships[0]?.id ?? '';
});
afterAll(() => t.close());

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
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
  ),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
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
const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
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
  path: () => string;
  as: () => ApiClient;
}

const routes: Route[] = [
  {
    method: 'POST',
    name: '/api/auth/login',
    path: () => '/api/auth/login',
    as: () => client(t.app),
  },
  {
    method: 'POST',
    name: '/api/auth/invitations/accept',
    path: () => '/api/auth/invitations/accept',
    as: () => client(t.app),
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/organisations',
    path: () => `/api/partnerships/${w.pA.id}/organisations`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/organisations/import',
    path: () => `/api/partnerships/${w.pA.id}/organisations/import`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/cycles',
    path: () => `/api/partnerships/${w.pA.id}/cycles`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/invitations',
    path: () => `/api/partnerships/${w.pA.id}/invitations`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/partnerships/:id/users/:id/disable',
    path: () => `/api/partnerships/${w.pA.id}/users/${victimId}/disable`,
    as: () => manager,
  },
  {
    method: 'PUT',
    name: '/api/partnerships/:id/users/:id/memberships/:id',
    path: () => `/api/partnerships/${w.pA.id}/users/${victimId}/memberships/${victimMembershipId}`,
    as: () => manager,
  },
  {
    method: 'PUT',
    name: '/api/organisations/:id',
    path: () => `/api/organisations/${w.orgA1.id}`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/cycles/:id/invitations',
    path: () => `/api/cycles/${w.cycleA.id}/invitations`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/returns/:id/status',
    path: () => `/api/returns/${w.cycleA.returnIds[w.orgA1.id] ?? ''}/status`,
    as: () => manager,
  },
  {
    method: 'PUT',
    name: '/api/returns/:id/moderation/3',
    path: () => `/api/returns/${w.cycleA.returnIds[w.orgA1.id] ?? ''}/moderation/3`,
    as: () => manager,
  },
  {
    method: 'POST',
    name: '/api/returns/:id/carry-forward',
    path: () => `/api/returns/${w.cycleA.returnIds[w.orgA1.id] ?? ''}/carry-forward`,
    as: () => editor,
  },
  { method: 'POST', name: '/api/sync/push', path: () => '/api/sync/push', as: () => editor },
];

describe('hostile bodies on every state-changing route', () => {
  const perRoute = Math.ceil(TOTAL / routes.length);
  for (const route of routes) {
    it(`${route.method} ${route.name}: ${String(perRoute)} bodies, never a 5xx, always problem+json`, async () => {
      await fc.assert(
        fc.asyncProperty(body, contentType, async (b, type) => {
          const c = route.as();
          const headers: Record<string, string> = type ? { 'content-type': type } : {};
          if (c.cookie) headers.cookie = c.cookie;
          const res = await t.app.request(route.path(), {
            method: route.method,
            headers,
            body: typeof b === 'string' ? b : new Blob([b as Uint8Array<ArrayBuffer>]),
          });
          const text = await res.text();
          expect(res.status, text.slice(0, 300)).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toBe('application/problem+json');
            const problem = JSON.parse(text) as { status: number; title: string };
            expect(problem.status).toBe(res.status);
            expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules/);
          }
        }),
        { numRuns: perRoute },
      );
    });
  }

  it('left the service healthy and the prototype of plain objects untouched', async () => {
    expect((await t.app.request('/api/health')).status).toBe(200);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((await manager.get('/api/auth/me')).status).toBe(200);
  });
});
