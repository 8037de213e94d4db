/**
 * Issue 11, defect 6's smaller ones: a 404 that says nothing about whether a
 * record exists, no source maps in production, only the `__Host-` cookie over
 * HTTPS, a client disconnect that is not a database outage, the CSV formula
 * guard with locale separators, and carry-forward within one partnership.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { csvCell, parseCsv } from '../reports/csv';
import {
  client,
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  createUser,
  world,
  type TestContext,
  type World,
} from '../testing';

let t: TestContext;
let w: World;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  t = await createTestContext({ log: (e) => void lines.push(e) });
  w = await world(t.database.db);
});
afterAll(() => t.close());

const withoutId = (b: unknown) => {
  const { requestId: _id, ...rest } = b as Record<string, unknown>;
  return rest;
};

describe('a record you may not see answers exactly like one that does not exist', () => {
  it('cycles, their reports, roll-ups and exports; returns; organisations; partnerships', async () => {
    const other = await client(t.app).login(w.people.managerB.email);
    const missing = crypto.randomUUID();
    const pairs: [string, string][] = [
      [`/api/cycles/${w.cycleA.id}`, `/api/cycles/${missing}`],
      [`/api/cycles/${w.cycleA.id}/returns`, `/api/cycles/${missing}/returns`],
      [`/api/cycles/${w.cycleA.id}/rollup`, `/api/cycles/${missing}/rollup`],
      [`/api/cycles/${w.cycleA.id}/report`, `/api/cycles/${missing}/report`],
      [
        `/api/cycles/${w.cycleA.id}/export/summary.csv`,
        `/api/cycles/${missing}/export/summary.csv`,
      ],
      [`/api/returns/${w.cycleA.returnIds[w.orgA1.id] ?? ''}`, `/api/returns/${missing}`],
      [`/api/organisations/${w.orgA1.id}`, `/api/organisations/${missing}`],
      [`/api/partnerships/${w.pA.id}`, `/api/partnerships/${missing}`],
    ];
    for (const [hidden, absent] of pairs) {
      const [h, a] = [await other.get(hidden), await other.get(absent)];
      expect(h.status, hidden).toBe(404);
      expect(a.status, absent).toBe(404);
      expect(withoutId(h.body), hidden).toEqual(withoutId(a.body));
    }
  });
});

describe('production', () => {
  let prod: TestContext;
  beforeAll(async () => {
    const web = mkdtempSync(join(tmpdir(), 's11-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>S11</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(web, 'assets', 'app.js.map'), '{"sources":["secret.ts"]}');
    prod = await createTestContext({
      database: { ...t.database, close: () => Promise.resolve() },
      config: loadConfig({
        NODE_ENV: 'production',
        PUBLIC_ORIGIN: 'https://s11.example.org',
        WEB_DIST: web,
      }),
    });
  });

  it('serves no source maps', async () => {
    expect((await prod.app.request('/assets/app.js')).status).toBe(200);
    const map = await prod.app.request('/assets/app.js.map');
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.ts');
  });

  it('over HTTPS accepts only the __Host- session cookie', async () => {
    const signedIn = await client(prod.app).login(w.people.editorA1.email);
    const [name, token] = signedIn.cookie.split('=');
    expect(name).toBe('__Host-s11_session');
    const me = (cookie: string) =>
      prod.app.request('https://s11.example.org/api/auth/me', { headers: { cookie } });
    expect((await me(`__Host-s11_session=${token ?? ''}`)).status).toBe(200);
    expect((await me(`s11_session=${token ?? ''}`)).status).toBe(401);
  });
});

describe('a client that goes away mid-request', () => {
  it('is not logged as the database being unavailable (no 503, no error line)', async () => {
    const editor = await client(t.app).login(w.people.editorA1.email);
    // What Node's IncomingMessage does to the body when the client disconnects.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"mutations":['));
        controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    lines.length = 0;
    const res = await t.app.request('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: editor.cookie },
      body,
      duplex: 'half',
    });
    expect(res.status).not.toBe(503);
    expect(res.status).toBeLessThan(500);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('the CSV formula guard', () => {
  it('quotes cells holding a locale separator and neutralises a formula after it', () => {
    for (const [value, sep] of [
      ['Acme Ltd;=1+2', ';'],
      ['Acme Ltd,=1+2', ','],
      ['Acme Ltd\t=1+2', '\t'],
      ['Acme Ltd; @SUM(A1)', ';'],
    ] as const) {
      const cell = csvCell(value);
      expect(cell.startsWith('"'), value).toBe(true);
      // Read back as a spreadsheet would, split on the locale's separator.
      for (const part of cell.slice(1, -1).split(sep))
        expect(part.trimStart()).not.toMatch(/^[=+\-@]/);
      expect(parseCsv(cell)[0]?.[0]).toContain('Acme Ltd');
    }
    expect(csvCell('Acme Ltd')).toBe('Acme Ltd');
    expect(csvCell('=1+2')).toBe("'=1+2");
  });
});

describe('carry-forward', () => {
  it('copies only from a return made to the same partnership', async () => {
    const shared = await createOrganisation(t.database.db, [w.pA.id, w.pB.id], {
      name: 'Shared Trust',
    });
    const editor = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: shared.id },
    ]);
    const oldA = await createCycle(t.database.db, w.pA.id, [], { opensOn: '2024-10-01' });
    const fromA = await createRatedReturn(
      t.database.db,
      oldA.id,
      shared.id,
      Array(8).fill('green'),
    );
    // Newer, but made to partnership B: must not be copied into A's return.
    const newB = await createCycle(t.database.db, w.pB.id, [], { opensOn: '2025-10-01' });
    await createRatedReturn(t.database.db, newB.id, shared.id, Array(8).fill('red'));
    const nextA = await createCycle(t.database.db, w.pA.id, [{ id: shared.id }], {
      opensOn: '2026-11-01',
    });
    const c = await client(t.app).login(editor.email);
    const res = await c.post<{ return: { carriedFromId: string } }>(
      `/api/returns/${nextA.returnIds[shared.id] ?? ''}/carry-forward`,
    );
    expect(res.status).toBe(200);
    expect(res.body.return.carriedFromId).toBe(fromA);
  });
});
