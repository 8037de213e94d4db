/**
 * The tablet's journeys in WebKit (the engine of Safari on iPad), driven
 * through WebKitGTK's WebKitWebDriver under Xvfb against the built app and the
 * real server (issue 12). Run by `pnpm --filter @s11/e2e test:webkit` after
 * `pnpm build`; `scripts/webkit-ci.sh` installs what it needs.
 *
 * WebKitGTK's limits shape the test: no headless mode (Xvfb), an automation
 * profile that MiniBrowser keeps only for one session (so `browser.py`, a
 * browser of our own, keeps it in a folder), and `navigator.onLine` that
 * stays true: offline is the server stopped.
 *
 * 1. Sign in; the light form offline (server stopped): answer and type, then
 *    reload, and then a fresh browser session on the same profile; nothing is
 *    lost. Server back: the edits reach the server.
 * 2. The keystroke test: type into a note, then reload, close the tab,
 *    follow a link (a full page load) or follow a link and come Back (the
 *    page returns from the back-forward cache) 0 to 140 ms after the last
 *    key, 7 rounds of 20 (140 tries): no keystroke is lost, and all reach
 *    the server. Following a link once hung WebKit's IndexedDB (see
 *    web/src/offline/page-cache.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { Session } from './webdriver';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BROWSER =
  process.env.WEBKIT_BINARY ?? fileURLToPath(new URL('./browser.py', import.meta.url));
const NURSERY = 'manager@little-acorns.example';
const PASSWORD = 's11-demo-password';
const DELAYS_MS = [0, 20, 50, 100, 140];
const LEAVES = ['reload', 'close', 'link', 'back'] as const;
const ROUNDS = Number(process.env.KEYSTROKE_ROUNDS ?? 7);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`[webkit] ${msg}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  let last: Error | null = null;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e instanceof Error ? e : new Error(String(e)); // a page between loads refuses scripts for a moment
    }
    if (Date.now() > end)
      throw new Error(`Timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await sleep(50);
  }
}

/** The session in use, so a failure can say what the page showed. */
let current: Session | null = null;
async function describePage(): Promise<string> {
  if (!current) return '(no browser)';
  return current
    .run<string>(
      `return location.href + ' | focus: ' + (document.activeElement && document.activeElement.tagName) + ' | ' + document.body.innerText.replace(/\\s+/g, ' ').slice(0, 400)`,
    )
    .catch((e: unknown) => `(page did not answer: ${String(e)})`);
}

const children: ChildProcess[] = [];
function start(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): ChildProcess {
  // Its own process group, so stopping it also stops what it started (the browser).
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: 'ignore',
    detached: true,
  });
  children.push(child);
  return child;
}
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  group('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) group('SIGKILL');
}

/** The app's server on a fixed port and data folder, so it can be stopped and started again. */
class AppServer {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}
  get origin() {
    return `http://127.0.0.1:${String(this.port)}`;
  }
  async up(): Promise<void> {
    this.child = start(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DEMO_DATA: 'true',
    });
    await until('the server', async () => (await fetch(`${this.origin}/api/health`)).ok, 120_000);
  }
  async down(): Promise<void> {
    if (this.child) await stop(this.child);
    this.child = null;
  }
}

async function signInByApi(origin: string, email: string): Promise<string> {
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(login.status, 200, `${email} signs in`);
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** The server's copy of a return, read as the nursery's own manager (an organisation user: no second factor). */
async function serverReturn(origin: string, returnId: string) {
  const cookie = await signInByApi(origin, NURSERY);
  const res = await fetch(`${origin}/api/returns/${returnId}`, { headers: { cookie } });
  return (await res.json()) as {
    standards: {
      standard: number;
      fields: { checks: Record<string, { answer: string; note: string }> };
    }[];
  };
}
async function serverCheck(origin: string, returnId: string, standard: number, check: string) {
  const r = await serverReturn(origin, returnId);
  return r.standards.find((s) => s.standard === standard)?.fields.checks[check];
}

// --- page helpers ---------------------------------------------------------

/** The page is up and has put focus on its heading (it does on arrival): safe to type. */
async function settled(s: Session, css: string): Promise<void> {
  const t0 = Date.now();
  await until(
    `${css} on a settled page`,
    () =>
      s.run<boolean>(
        `return document.readyState === 'complete' && !!document.querySelector(arguments[0]) &&
        document.activeElement && document.activeElement.tagName === 'H1'`,
        css,
      ),
    60_000,
  );
  if (process.env.WEBKIT_DEBUG) log(`settled in ${String(Date.now() - t0)} ms`);
}
const valueOf = (s: Session, css: string) =>
  s.run<string | null>(
    `const e = document.querySelector(arguments[0]); return e ? e.value : null`,
    css,
  );
const checked = (s: Session, css: string) =>
  s.run<boolean>(`const e = document.querySelector(arguments[0]); return !!(e && e.checked)`, css);

async function signIn(s: Session, origin: string): Promise<void> {
  await s.go(`${origin}/sign-in`);
  await until('the sign-in form', () =>
    s.run<boolean>(`return !!document.querySelector('#email')`),
  );
  await s.type('#email', NURSERY);
  await s.type('#password', PASSWORD);
  await s.click('form button[type=submit], form .govuk-button');
  await until('signed in', () =>
    s.run<boolean>(
      `return [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Sign out')`,
    ),
  );
  // The first load is not controlled by the service worker; a reload makes it so.
  await s.runAsync(`navigator.serviceWorker.ready.then(() => arguments[0](true))`);
  if (!(await s.run<boolean>(`return !!navigator.serviceWorker.controller`))) await s.refresh();
  await until('the service worker in control', () =>
    s.run<boolean>(`return !!navigator.serviceWorker.controller`),
  );
}

/** The nursery's return in the open cycle, asked of the server (the list's wording is not the point here). */
async function openReturn(origin: string): Promise<string> {
  const cookie = await signInByApi(origin, NURSERY);
  const res = await fetch(`${origin}/api/returns/mine`, { headers: { cookie } });
  const mine = (await res.json()) as {
    returns: { id: string; status: string; cycle: { name: string } }[];
  };
  const id = mine.returns.find((r) => r.cycle.name === 'Section 11 audit 2026-27')?.id ?? '';
  assert.match(id, /^[0-9a-f-]{36}$/);
  return id;
}

// --- journeys -------------------------------------------------------------

async function offlineJourney(driver: string, app: AppServer, profileArgs: string[]) {
  let s = (current = await Session.start(driver, BROWSER, profileArgs));
  await signIn(s, app.origin);
  log('signed in; the service worker controls the page');
  const returnId = await openReturn(app.origin);
  const url = `${app.origin}/returns/${returnId}/standards/1`;
  await s.go(url);
  await settled(s, '#note-l1-owner');

  await app.down();
  log('server stopped: offline');
  await s.refresh();
  await settled(s, '#note-l1-owner');
  await s.click('#checks-l1-owner-partly');
  const note = 'Checked offline in WebKit';
  await s.type('#note-l1-owner', note);
  await s.refresh(); // at once, inside the autosave pause
  await settled(s, '#note-l1-owner');
  assert.equal(await valueOf(s, '#note-l1-owner'), note, 'the note survives a reload offline');
  assert.ok(await checked(s, '#checks-l1-owner-partly'), 'the answer survives a reload offline');
  log('offline: answer and note kept over a reload');

  await s.type('#note-l1-owner', '.');
  await s.quit();
  s = current = await Session.start(driver, BROWSER, profileArgs);
  await s.go(url);
  await settled(s, '#note-l1-owner');
  assert.equal(
    await valueOf(s, '#note-l1-owner'),
    `${note}.`,
    'the note survives the browser closing, in a fresh session on the same profile',
  );
  assert.ok(await checked(s, '#checks-l1-owner-partly'));
  log('offline: kept in a fresh browser session on the same profile');

  await app.up();
  log('server back');
  await s.refresh(); // the engine sends on start (no online event in WebKitGTK)
  await until(
    'the edits on the server',
    async () => {
      const c = await serverCheck(app.origin, returnId, 1, 'l1-owner');
      return c?.note === `${note}.` && c.answer === 'partly';
    },
    60_000,
  );
  log('the edits reached the server');
  return s;
}

async function keystrokeJourney(s: Session, app: AppServer) {
  const returnId = await openReturn(app.origin);
  const url = `${app.origin}/returns/${returnId}/standards/2`;
  const field = '#note-l2-policy';
  await s.go(url);
  await settled(s, field);
  let expected = (await valueOf(s, field)) ?? '';
  const lost: string[] = [];
  let tries = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const leave of LEAVES) {
      for (const delay of DELAYS_MS) {
        tries++;
        const token = `-${String(tries)}${leave[0] ?? ''}`;
        if (process.env.WEBKIT_DEBUG)
          log(`try ${String(tries)}: ${leave} after ${String(delay)} ms`);
        await s.type(field, token);
        expected += token;
        if (leave === 'close') {
          if (delay) await sleep(delay);
          const old = await s.window();
          const next = await s.newTab();
          await s.switchTo(old);
          await s.closeTab();
          await s.switchTo(next);
          await s.go(url);
        } else {
          // Timed inside the page, so the delay after the last key is exact.
          await s.run(
            `const [ms, kind, to] = arguments;
             setTimeout(() => (kind === 'reload' ? location.reload() : location.assign(to)), ms);`,
            delay,
            leave === 'reload' ? 'reload' : 'link',
            `/returns/${returnId}`,
          );
          await until(
            'the page gone',
            async () =>
              !(await s.run<boolean>(`return !!document.querySelector(arguments[0])`, field)),
          );
          if (leave !== 'reload') {
            await until('the task list', async () =>
              (await s.url()).endsWith(`/returns/${returnId}`),
            );
            if (leave === 'back') {
              // Let the task list start (it reads the same database), then Back.
              await until('the task list shown', () =>
                s.run<boolean>(
                  `return document.readyState === 'complete' && document.activeElement && document.activeElement.tagName === 'H1'`,
                ),
              );
              await s.back();
            } else {
              await s.go(url);
            }
          }
        }
        await settled(s, field);
        let got = await valueOf(s, field);
        const end = Date.now() + 2_000;
        while (got !== expected && Date.now() < end) {
          await sleep(50);
          got = await valueOf(s, field);
        }
        if (got !== expected) {
          lost.push(
            `${leave} ${String(delay)} ms: wanted "…${expected.slice(-8)}", got "…${(got ?? '').slice(-8)}"`,
          );
          expected = got ?? '';
        }
      }
    }
    log(
      `keystroke test: round ${String(round + 1)} of ${String(ROUNDS)}, ${String(lost.length)} lost so far`,
    );
  }
  assert.deepEqual(lost, [], `lost keystrokes in ${String(lost.length)} of ${String(tries)} tries`);
  await until(
    'everything typed on the server',
    async () => (await serverCheck(app.origin, returnId, 2, 'l2-policy'))?.note === expected,
    60_000,
  );
  log(`keystroke test: ${String(tries)} tries, none lost; all of it reached the server`);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 's11-webkit-'));
  let display = 90 + Math.floor(Math.random() * 100);
  while (existsSync(`/tmp/.X${String(display)}-lock`)) display++;
  const app = new AppServer(
    Number(process.env.E2E_WEBKIT_PORT ?? (await freePort())),
    join(work, 'data'),
  );
  const driverPort = await freePort();
  const driver = `http://127.0.0.1:${String(driverPort)}`;
  let session: Session | null = null;
  try {
    start('Xvfb', [`:${String(display)}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {});
    await app.up();
    start('WebKitWebDriver', [`--port=${String(driverPort)}`], {
      DISPLAY: `:${String(display)}`,
      S11_WEBKIT_PROFILE: join(work, 'profile'),
    });
    await until('WebKitWebDriver', async () => (await fetch(`${driver}/status`)).ok);
    session = await offlineJourney(driver, app, []);
    await keystrokeJourney(session, app);
    log('all journeys passed');
  } catch (e) {
    log(`failed; the page: ${await describePage()}`);
    if (current)
      log(
        `store: ${await current
          .runAsync<string>(
            `const done = arguments[0];
             const q = indexedDB.open('s11-portal');
             q.onerror = () => done('open failed: ' + q.error);
             q.onblocked = () => done('open blocked');
             q.onsuccess = () => {
               const db = q.result; const out = {};
               const names = [...db.objectStoreNames];
               const t = db.transaction(names);
               names.forEach((n) => { const c = t.objectStore(n).count(); c.onsuccess = () => { out[n] = c.result; }; });
               t.oncomplete = () => done(JSON.stringify(out) + ' ls: ' + Object.keys(localStorage).join(','));
             };`,
          )
          .catch(String)}`,
      );
    throw e;
  } finally {
    await session?.quit().catch(() => undefined);
    await app.down();
    for (const c of children.reverse()) await stop(c);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
