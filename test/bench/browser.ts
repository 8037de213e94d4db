/**
 * Figures 2 and 3, in a real Chromium (Debian's, driven by playwright-core)
 * with the CPU throttled 4x through the DevTools protocol, as on a cheap
 * tablet:
 *
 * 2. Offline cold start: with the service worker in control and the network
 *    off, a new tab navigates to a return's task list; the time from
 *    navigation start until the task list's links are in the page. Baseline:
 *    the bare React page (same Vite build) with a minimal precaching service
 *    worker, offline, until its heading is in the page.
 * 3. Typing cost: main-thread task time (CDP Performance.TaskDuration) per
 *    keystroke while 200 characters are typed into a long answer with
 *    autosave on, against a plain textarea with no autosave; and, in a
 *    separate run (so polling does not count as typing cost), the time from
 *    the last keystroke until the text is in IndexedDB. The keystroke
 *    journal's own share (ADR 007): the time inside its synchronous
 *    localStorage write per keystroke while typing, and the whole write
 *    (JSON + setItem) for an answer at its 10,000-character limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '@s11/server/testing';
import { buildBare } from './first-load';
import { stat, type Stat } from './stats';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = { email: 'dsl@northbridge-nhs.example', password: 's11-demo-password' };
const THROTTLE = 4;
const KEYS = 200;
const TEXT = 'We train every new starter within a month and refresh yearly. '
  .repeat(4)
  .slice(0, KEYS);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startApp(): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 's11-bench-app-')),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DEMO_DATA: 'true',
    },
  });
  const origin = `http://127.0.0.1:${String(port)}`;
  // Up to 3 minutes: a fresh PGlite plus the demo data took over 60 s on a loaded machine.
  for (let i = 0; i < 1800; i++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return { origin, child };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error('The app did not start');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** The bare page, a minimal precaching service worker for it, and a plain textarea page. */
async function startBare(): Promise<{ origin: string; server: Server }> {
  const dir = mkdtempSync(join(tmpdir(), 's11-bench-bare-'));
  await buildBare(dir);
  const assets = readdirSync(join(dir, 'assets')).map((f) => `/assets/${f}`);
  writeFileSync(
    join(dir, 'sw.js'),
    `const FILES = ${JSON.stringify(['/', ...assets])};
self.addEventListener('install', (e) => e.waitUntil(caches.open('bare').then((c) => c.addAll(FILES)).then(() => self.skipWaiting())));
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => e.respondWith(caches.match(e.request, { ignoreSearch: true }).then((r) => r || fetch(e.request))));`,
  );
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  writeFileSync(
    join(dir, 'index.html'),
    html.replace('</body>', `<script>navigator.serviceWorker.register('/sw.js')</script></body>`),
  );
  writeFileSync(
    join(dir, 'textarea.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain textarea</title></head>
<body><label for="t">Describe your current practice</label><textarea id="t" rows="8" cols="60"></textarea></body></html>`,
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const file = path === '/' ? 'index.html' : path.slice(1);
    try {
      const body = readFileSync(join(dir, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${String(port)}`, server };
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

async function throttle(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  return cdp;
}

/** Records, relative to navigation start, when `selector` first matches. */
function readyWhen(selector: string) {
  return `(() => {
    const check = () => {
      if (window.__ready === undefined && document.querySelector(${JSON.stringify(selector)})) {
        window.__ready = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
  })();`;
}

async function untilControlled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

async function coldStart(context: BrowserContext, url: string, selector: string) {
  const page = await context.newPage();
  await throttle(context, page);
  await page.addInitScript(readyWhen(selector));
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as { __ready?: number }).__ready !== undefined, null, {
    timeout: 60_000,
  });
  const ms = await page.evaluate(() => (window as unknown as { __ready: number }).__ready);
  await page.close();
  return ms;
}

/** Times every keystroke-journal write in the page (a string: see `durable`). */
const JOURNAL_TIMER = `(() => {
  const setItem = Storage.prototype.setItem;
  window.__journal = { ms: 0, writes: 0 };
  Storage.prototype.setItem = function (k, v) {
    if (!String(k).startsWith('s11-journal:')) return setItem.call(this, k, v);
    const t = performance.now();
    setItem.call(this, k, v);
    window.__journal.ms += performance.now() - t;
    window.__journal.writes += 1;
  };
})()`;

/** The journal's whole write (JSON + setItem) for an answer at its 10,000-character limit, per key. */
const JOURNAL_LONG = `(() => {
  const text = 'x'.repeat(9800);
  const t = performance.now();
  for (let i = 0; i < 200; i++) {
    localStorage.setItem('s11-journal:bench', JSON.stringify({
      returnId: '00000000-0000-4000-8000-000000000000', standard: 1,
      patch: { currentPractice: text + 'y'.repeat(i) }, n: i,
    }));
  }
  localStorage.removeItem('s11-journal:bench');
  return (performance.now() - t) / 200;
})()`;

/**
 * Main-thread task time per keystroke while typing TEXT into the field; with
 * `journal`, also the journal's time per keystroke (ms) in the same run.
 */
async function typingCost(
  context: BrowserContext,
  url: string,
  label: string,
  journal = false,
): Promise<{ perKey: number; journalPerKey: number; journalLong: number }> {
  const page = await context.newPage();
  if (journal) await page.addInitScript(JOURNAL_TIMER);
  await page.goto(url);
  const field = page.getByLabel(label, { exact: true });
  await field.waitFor();
  await field.fill('');
  await sleep(500);
  const cdp = await throttle(context, page);
  await cdp.send('Performance.enable');
  const taskTime = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  await field.focus();
  await sleep(300);
  const before = await taskTime();
  const journalBefore = journal ? await page.evaluate<number>('window.__journal.ms') : 0;
  await page.keyboard.type(TEXT, { delay: 30 });
  // Let the debounced autosave (and anything it triggers) run and count.
  await sleep(1500);
  const perKey = ((await taskTime()) - before) / KEYS;
  const journalPerKey = journal
    ? ((await page.evaluate<number>('window.__journal.ms')) - journalBefore) / KEYS
    : 0;
  const journalLong = journal ? await page.evaluate<number>(JOURNAL_LONG) : 0;
  const typed = await field.inputValue();
  await page.close();
  if (typed !== TEXT) throw new Error('The typed text did not arrive intact');
  return { perKey, journalPerKey, journalLong };
}

/** From the last keystroke to the text being in the device's IndexedDB. */
async function durable(context: BrowserContext, url: string, returnId: string, label: string) {
  const page = await context.newPage();
  await page.goto(url);
  const field = page.getByLabel(label, { exact: true });
  await field.waitFor();
  await field.fill('');
  await sleep(1000);
  await throttle(context, page);
  await page.evaluate(
    `document.addEventListener('keydown', () => { window.__lastKey = performance.now(); })`,
  );
  await field.focus();
  await page.keyboard.type(TEXT, { delay: 30 });
  // A string, not a function: tsx would wrap a function's inner helpers in its own
  // __name(), which does not exist in the page.
  const ms = await page.evaluate<number>(`(async () => {
    const id = ${JSON.stringify(returnId)};
    const text = ${JSON.stringify(TEXT)};
    const read = () => new Promise((resolve, reject) => {
      const open = indexedDB.open('s11-portal');
      open.onerror = () => reject(new Error('IndexedDB did not open'));
      open.onsuccess = () => {
        const db = open.result;
        const get = db.transaction('standards').objectStore('standards').get([id, 1]);
        get.onsuccess = () => {
          db.close();
          resolve(get.result && get.result.fields ? get.result.fields.currentPractice : undefined);
        };
        get.onerror = () => reject(new Error('Read failed'));
      };
    });
    for (;;) {
      if ((await read()) === text) return performance.now() - (window.__lastKey || 0);
      await new Promise((r) => setTimeout(r, 5));
    }
  })()`);
  await page.close();
  return ms;
}

export interface BrowserFigures {
  coldStart: { ours: Stat; baseline: Stat };
  typing: { ours: Stat; baseline: Stat; durable: Stat; journal: Stat; journalLong: Stat };
}

export async function measureBrowser(opts: { reps: number }): Promise<BrowserFigures> {
  const app = await startApp();
  const bare = await startBare();
  const browser = await launch();
  try {
    const ours = await browser.newContext({ baseURL: app.origin });
    const page = await ours.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await untilControlled(page);
    await page.getByRole('link', { name: /Section 11 audit 2026-27/ }).click();
    await page.waitForURL(/\/returns\/[0-9a-f-]{36}$/);
    const returnId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const taskList = `${app.origin}/returns/${returnId}`;
    const standard = `${taskList}/standards/1`;
    await page.locator('.govuk-task-list__link').first().waitFor();
    await page.close();

    const base = await browser.newContext({ baseURL: bare.origin });
    const basePage = await base.newPage();
    await basePage.goto('/');
    await untilControlled(basePage);
    await basePage.close();

    const label = 'Describe your current practice';
    const typing = {
      ours: [] as number[],
      baseline: [] as number[],
      durable: [] as number[],
      journal: [] as number[],
      journalLong: [] as number[],
    };
    for (let i = 0; i < opts.reps; i++) {
      const o = await typingCost(ours, standard, label, true);
      typing.ours.push(o.perKey);
      typing.journal.push(o.journalPerKey);
      typing.journalLong.push(o.journalLong);
      typing.baseline.push((await typingCost(base, `${bare.origin}/textarea.html`, label)).perKey);
      typing.durable.push(await durable(ours, standard, returnId, label));
    }

    await ours.setOffline(true);
    await base.setOffline(true);
    const cold = { ours: [] as number[], baseline: [] as number[] };
    // One of each first: the first offline start also primes the disk cache.
    await coldStart(ours, taskList, '.govuk-task-list__link');
    await coldStart(base, `${bare.origin}/`, 'h1');
    for (let i = 0; i < opts.reps; i++) {
      cold.ours.push(await coldStart(ours, taskList, '.govuk-task-list__link'));
      cold.baseline.push(await coldStart(base, `${bare.origin}/`, 'h1'));
    }
    return {
      coldStart: { ours: stat(cold.ours), baseline: stat(cold.baseline) },
      typing: {
        ours: stat(typing.ours),
        baseline: stat(typing.baseline),
        durable: stat(typing.durable),
        journal: stat(typing.journal),
        journalLong: stat(typing.journalLong),
      },
    };
  } finally {
    await browser.close();
    bare.server.close();
    app.child.kill();
  }
}
