/**
 * Outgoing email. Without SMTP_URL, mail goes to the development mailbox (a
 * table a partnership manager can read in the console) and a line in the
 * server log; with SMTP_URL it is sent through that relay.
 */
import nodemailer from 'nodemailer';
import { mailbox } from './db/schema';
import type { Db } from './db/client';
import type { LogFn } from './http/logger';

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  partnershipId: string | null;
}

export interface Mailer {
  readonly kind: 'smtp' | 'development';
  send(db: Db, mail: OutgoingMail): Promise<void>;
}

export function developmentMailer(log: LogFn): Mailer {
  return {
    kind: 'development',
    async send(db, mail) {
      await db.insert(mailbox).values({ id: crypto.randomUUID(), ...mail });
      // Development only: the body (with any invitation link) is shown so a
      // person running the demo can follow it. With SMTP configured, it never is.
      log({
        level: 'info',
        msg: 'development mail',
        to: mail.to,
        subject: mail.subject,
        body: mail.body,
      });
    },
  };
}

/** Sends through an SMTP relay. `transport` is injected so tests can stand in for the relay. */
export interface SmtpTransport {
  sendMail(m: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export function smtpMailer(transport: SmtpTransport, from: string): Mailer {
  return {
    kind: 'smtp',
    async send(_db, mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
    },
  };
}

/** The mailer the configuration asks for: SMTP when SMTP_URL is set, else the development mailbox. */
export function mailerFor(
  config: { SMTP_URL?: string | undefined; MAIL_FROM: string },
  log: LogFn,
): Mailer {
  if (!config.SMTP_URL) return developmentMailer(log);
  return smtpMailer(nodemailer.createTransport(config.SMTP_URL), config.MAIL_FROM);
}
