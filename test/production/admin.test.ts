/**
 * The first account on an empty production database: `main.js admin
 * create-partnership` run as a real process on the production bundle, on an
 * embedded database (PGlite folder) and on PostgreSQL. The printed link,
 * accepted through the API of the real service, gives a manager who must set
 * up the second factor before anything else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freePort, startPostgres, type PostgresServer } from '@s11/server/testing';
import { buildForTest, isListening, startService } from './service-process';

let pgServer: PostgresServer;
let build: Awaited<ReturnType<typeof buildForTest>>;
let dataDir: string;

beforeAll(async () => {
  [pgServer, build] = await Promise.all([startPostgres(), buildForTest('admin')]);
  dataDir = mkdtempSync(join(tmpdir(), 's11-admin-'));
}, 120_000);
afterAll(() => {
  pgServer.stop();
  build.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

async function emptyPostgres(): Promise<string> {
  const c = new pg.Client({ connectionString: pgServer.url });
  await c.connect();
  await c.query('create database admin_first');
  await c.end();
  return pgServer.url.replace(/\/postgres$/, '/admin_first');
}

const LINK = /^(http:\/\/127\.0\.0\.1:\d+)\/invitation\/([A-Za-z0-9_-]{43})$/m;

describe.each(['pglite', 'postgres'] as const)('admin create-partnership on %s', (engine) => {
  it('prints a one-time link that makes the first manager, who must set up a second factor', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${String(port)}`;
    const env = {
      ...(engine === 'pglite' ? { DATA_DIR: dataDir } : { DATABASE_URL: await emptyPostgres() }),
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: origin,
      MAIL_DISABLED: 'true',
      PORT: String(port),
    };
    const args = [
      'admin',
      'create-partnership',
      '--name',
      'North Shire Safeguarding Children Partnership',
      '--manager-email',
      'Lead@North.example',
      '--manager-name',
      'Sam Lead',
    ];
    const admin = startService(build.main, env, args);
    expect(await admin.exited, JSON.stringify(admin.lines) + admin.stderr()).toBe(0);
    const printed = admin.lines
      .filter((l) => l.level === 'not-json')
      .map((l) => String(l.msg))
      .join('\n');
    const [, linkOrigin, token] = LINK.exec(printed) ?? [];
    expect(linkOrigin).toBe(origin);
    expect(token).toBeDefined();
    // The link is for the operator's eyes: not in any log line.
    const logged = JSON.stringify(admin.lines.filter((l) => l.level !== 'not-json'));
    expect(logged).not.toContain(token);
    expect(logged).toContain('partnership created');

    // The same name again (any case): refused plainly, nothing changed.
    const again = startService(build.main, env, [
      ...args.slice(0, 3),
      'north shire safeguarding children partnership',
      '--manager-email',
      'other@north.example',
    ]);
    expect(await again.exited).toBe(1);
    expect(again.stderr()).toBe('');
    expect(again.lines.filter((l) => l.level === 'fatal')).toEqual([
      expect.objectContaining({
        setting: '--name',
        problem: expect.stringContaining('already exists') as unknown,
      }),
    ]);

    // The service accepts the link.
    const svc = startService(build.main, env);
    try {
      await svc.waitFor(isListening, 90_000);
      const invitation = await fetch(`${origin}/api/auth/invitations/${token ?? ''}`);
      expect(invitation.status).toBe(200);
      expect(await invitation.json()).toMatchObject({
        email: 'lead@north.example',
        role: 'partnership_manager',
        partnershipName: 'North Shire Safeguarding Children Partnership',
      });
      const accept = await fetch(`${origin}/api/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({
          token,
          name: 'Sam Lead',
          password: 'a long first-manager passphrase',
        }),
      });
      expect(accept.status).toBe(201);
      const cookie = (accept.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).not.toBe('');
      // A partnership manager: the second factor must be set up before anything else.
      const me = await fetch(`${origin}/api/auth/me`, { headers: { Cookie: cookie } });
      expect(me.status).toBe(401);
      expect(await me.json()).toMatchObject({ secondFactor: 'setup' });
      // The link worked once.
      expect((await fetch(`${origin}/api/auth/invitations/${token ?? ''}`)).status).toBe(404);
    } finally {
      svc.child.kill('SIGTERM');
      await svc.exited;
    }
  }, 180_000);
});
