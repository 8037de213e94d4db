import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from './config';
import { mailerFor } from './mail';
import { silentLogger } from './http/logger';
import { client, createTestContext, freePort, world, type TestContext } from './testing';

/** A real SMTP server on loopback stands in for the council's relay. */
let smtp: SMTPServer;
let port: number;
const received: { to: string[]; data: string }[] = [];

beforeAll(async () => {
  port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)));

describe('email through SMTP', () => {
  let t: TestContext;
  afterAll(() => t.close());

  it('sends the invitation through the relay named by SMTP_URL', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      WEB_DIST: '/nonexistent',
      SMTP_URL: `smtp://127.0.0.1:${String(port)}`,
      MAIL_FROM: 'S11 Portal <s11@example.org>',
    });
    t = await createTestContext({ config, mailer: mailerFor(config, silentLogger) });
    const w = await world(t.database.db);
    const manager = await client(t.app).login(w.people.managerA.email);
    const res = await manager.post(`/api/partnerships/${w.pA.id}/invitations`, {
      email: 'dsl@trust.example',
      name: 'Pat',
      role: 'org_editor',
      organisationId: w.orgA1.id,
    });
    expect(res.status).toBe(201);
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['dsl@trust.example']);
    expect(received[0]?.data).toContain('Subject: You are invited to the PA Section 11 audit');
    expect(received[0]?.data).toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}/);
  });
});
