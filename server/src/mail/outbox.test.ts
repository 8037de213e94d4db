/**
 * The mail outbox against a real SMTP server on loopback (smtp-server): mail
 * is queued in the request's transaction and the worker hands it to the relay,
 * with retries and back-off, at most once per message across workers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { MailDelivery } from '@s11/shared';
import { openPostgres, type Database } from '../db/client';
import { mailOutbox, mailbox } from '../db/schema';
import { jsonLogger } from '../http/logger';
import {
  client,
  createTestContext,
  freePort,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';
import { createOutbox } from './outbox';
import { MailWorker, smtpTransport } from './worker';

interface Received {
  to: string[];
  subject: string;
  data: string;
}

/** A relay on loopback: accepts everything, or refuses every recipient with 550. */
async function startRelay(port: number, mode: 'accept' | 'refuse' = 'accept') {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (mode === 'refuse') {
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        // Undo quoted-printable's soft line breaks, which can split a long link.
        data = data.replace(/=\r?\n/g, '');
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject: (.*)$/m.exec(data)?.[1] ?? '',
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    received,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

const logs: string[] = [];
const log = jsonLogger((line) => logs.push(line));

let t: TestContext;
let w: World;
let manager: ApiClient;
let port: number;
const workers: MailWorker[] = [];

function worker(database: Database = t.database, opts: { maxAttempts?: number } = {}) {
  const mw = new MailWorker(database.db, smtpTransport(`smtp://127.0.0.1:${String(port)}`), {
    from: 'S11 Portal <s11@example.org>',
    log,
    now: t.deps.now,
    baseDelayMs: 60_000,
    ...opts,
  });
  workers.push(mw);
  return mw;
}

async function invite(email: string) {
  const res = await manager.post<{ id: string; delivery: MailDelivery }>(
    `/api/partnerships/${w.pA.id}/invitations`,
    { email, name: 'Pat', role: 'org_editor', organisationId: w.orgA1.id },
  );
  expect(res.status).toBe(201);
  return res.body;
}

async function deliveryOf(invitationId: string): Promise<MailDelivery | undefined> {
  const list = await manager.get<{ invitations: { id: string; delivery: MailDelivery }[] }>(
    `/api/partnerships/${w.pA.id}/invitations`,
  );
  return list.body.invitations.find((i) => i.id === invitationId)?.delivery;
}

beforeAll(async () => {
  port = await freePort();
  t = await createTestContext({ outbox: createOutbox('smtp'), log });
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
});
afterEach(async () => {
  for (const mw of workers.splice(0)) await mw.stop();
});
afterAll(() => t.close());

describe('the mail outbox with an SMTP relay', () => {
  it('queues an invitation in the request and the worker delivers it through the relay', async () => {
    const relay = await startRelay(port);
    try {
      const sent = await invite('dsl@trust.example');
      expect(sent.delivery).toEqual({ state: 'queued', attempts: 0, lastAttemptAt: null });

      expect(await worker().runOnce()).toBe(1);
      expect(relay.received).toHaveLength(1);
      expect(relay.received[0]?.to).toEqual(['dsl@trust.example']);
      expect(relay.received[0]?.subject).toBe('You are invited to the PA Section 11 audit');
      expect(relay.received[0]?.data).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}/);

      const delivery = await deliveryOf(sent.id);
      expect(delivery).toMatchObject({ state: 'sent', attempts: 1 });
      expect(delivery?.lastAttemptAt).toEqual(expect.any(String));
      expect(delivery?.error).toBeUndefined();
      // Sent mail keeps no link at rest, and nothing went to the development mailbox.
      const [row] = await t.database.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.subjectId, sent.id));
      expect(row?.body).toBe('');
      expect(await t.database.db.select().from(mailbox)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('loses nothing while the relay is down, and delivers once it is back', async () => {
    // Nothing listens on the relay's port: today's in-request sending answered 500 here.
    const sent = await invite('down@trust.example');
    const mw = worker();
    expect(await mw.runOnce()).toBe(1);
    const waiting = await deliveryOf(sent.id);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
    expect(waiting?.error).toMatch(/^Relay unreachable/);

    const relay = await startRelay(port);
    try {
      // Not due until the back-off has passed.
      expect(await mw.runOnce()).toBe(0);
      t.advance(61_000);
      expect(await mw.runOnce()).toBe(1);
      expect(relay.received.map((r) => r.to)).toEqual([['down@trust.example']]);
      expect(await deliveryOf(sent.id)).toMatchObject({ state: 'sent', attempts: 2 });
      // The token (in the delivered link) and the address appear in no log line.
      const token = /\/invitation\/([A-Za-z0-9_-]{43})/.exec(relay.received[0]?.data ?? '')?.[1];
      expect(token).toBeDefined();
      expect(logs.join('\n')).not.toContain(token);
      expect(logs.join('\n')).not.toContain('down@trust.example');
      expect(logs.some((l) => l.includes('mail not sent: will retry'))).toBe(true);
    } finally {
      await relay.close();
    }
  });

  it('gives up after the last attempt when the relay refuses the message, and says why', async () => {
    const relay = await startRelay(port, 'refuse');
    try {
      const sent = await invite('refused@trust.example');
      const mw = worker(t.database, { maxAttempts: 3 });
      const backoffs = [60_000, 120_000];
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await mw.runOnce()).toBe(1);
        t.advance(backoffs[attempt - 1] ?? 0);
      }
      t.advance(2 * 3_600_000);
      expect(await mw.runOnce()).toBe(0);
      expect(await deliveryOf(sent.id)).toMatchObject({
        state: 'failed',
        attempts: 3,
        error: 'Relay refused it (550)',
      });
      const [row] = await t.database.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.subjectId, sent.id));
      expect(row?.body).toBe('');
      expect(relay.received).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('sends each message once when two workers (two instances) share the outbox', async () => {
    const relay = await startRelay(port);
    // A second instance: its own connection pool on PostgreSQL (the same database).
    const other: Database = t.database.url
      ? await openPostgres(t.database.url, false, 4)
      : t.database;
    try {
      const outbox = createOutbox('smtp');
      for (let i = 0; i < 30; i++) {
        await outbox.enqueue(
          t.database.db,
          {
            kind: 'reminder',
            subjectId: `parallel-${String(i)}`,
            to: `person${String(i)}@example.org`,
            subject: `Message ${String(i)}`,
            body: 'Hello',
            partnershipId: w.pA.id,
          },
          t.deps.now(),
        );
      }
      const a = new MailWorker(t.database.db, smtpTransport(`smtp://127.0.0.1:${String(port)}`), {
        from: 's11@example.org',
        log,
        now: t.deps.now,
        batchSize: 4,
      });
      const b = new MailWorker(other.db, smtpTransport(`smtp://127.0.0.1:${String(port)}`), {
        from: 's11@example.org',
        log,
        now: t.deps.now,
        batchSize: 4,
      });
      workers.push(a, b);
      const drain = async (mw: MailWorker) => {
        let n = 0;
        for (let got = 1; got > 0;) {
          got = await mw.runOnce();
          n += got;
        }
        return n;
      };
      const [byA, byB] = await Promise.all([drain(a), drain(b)]);
      expect(byA + byB).toBe(30);
      const subjects = relay.received.map((r) => r.subject).filter((s) => s.startsWith('Message'));
      expect(subjects).toHaveLength(30);
      expect(new Set(subjects).size).toBe(30);
    } finally {
      if (other !== t.database) await other.close();
      await relay.close();
    }
  });

  it('sends password reset links through the outbox too', async () => {
    const relay = await startRelay(port);
    try {
      const res = await client(t.app).post('/api/auth/password/forgotten', {
        email: w.people.editorA1.email,
      });
      expect(res.status).toBe(202);
      const mw = worker();
      mw.start();
      await expect.poll(() => relay.received.length, { timeout: 10_000 }).toBe(1);
      expect(relay.received[0]?.subject).toBe('Reset your S11 Portal password');
      const token = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(
        relay.received[0]?.data ?? '',
      )?.[1];
      expect(token).toBeDefined();
      expect(logs.join('\n')).not.toContain(token);
    } finally {
      await relay.close();
    }
  });
});

describe('with mail disabled', () => {
  let t2: TestContext;
  let w2: World;
  beforeAll(async () => {
    t2 = await createTestContext({ outbox: createOutbox('disabled') });
    w2 = await world(t2.database.db);
  });
  afterAll(() => t2.close());

  it('an invitation tells the manager no email was sent and gives the link to pass on', async () => {
    const m = await client(t2.app).login(w2.people.managerA.email);
    const res = await m.post<{
      id: string;
      delivery: MailDelivery;
      mailDisabled: boolean;
      link: string;
      message: string;
    }>(`/api/partnerships/${w2.pA.id}/invitations`, {
      email: 'nomail@trust.example',
      role: 'org_editor',
      organisationId: w2.orgA1.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.mailDisabled).toBe(true);
    expect(res.body.delivery).toEqual({ state: 'disabled', attempts: 0, lastAttemptAt: null });
    expect(res.body.message).toContain('No email was sent');
    expect(res.body.link).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}$/);
    // The link works: the invitee can read it.
    const token = res.body.link.split('/').pop() ?? '';
    expect((await client(t2.app).get(`/api/auth/invitations/${token}`)).status).toBe(200);
    const list = await m.get<{ mailDisabled: boolean; invitations: { delivery: MailDelivery }[] }>(
      `/api/partnerships/${w2.pA.id}/invitations`,
    );
    expect(list.body.mailDisabled).toBe(true);
    expect(list.body.invitations[0]?.delivery.state).toBe('disabled');
    expect(await t2.database.db.select().from(mailbox)).toEqual([]);
  });

  it('a forgotten password is answered plainly: no link can be sent', async () => {
    const res = await client(t2.app).post<{ ok: boolean; mailDisabled: boolean; message: string }>(
      '/api/auth/password/forgotten',
      { email: w2.people.editorA1.email },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, mailDisabled: true });
    expect(res.body.message).toContain('Contact your safeguarding partnership');
  });

  it('reminders say none were sent', async () => {
    const m = await client(t2.app).login(w2.people.managerA.email);
    const res = await m.post<{ emails: number; mailDisabled: boolean }>(
      `/api/cycles/${w2.cycleA.id}/reminders`,
    );
    expect(res.body).toMatchObject({ emails: 0, mailDisabled: true });
  });
});
