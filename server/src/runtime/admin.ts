/**
 * `main.js admin create-partnership --name "…" --manager-email … [--manager-name …] [--short-name …]`
 * (`pnpm admin create-partnership …` from source): the way into a fresh
 * production database. Creates a partnership and an invitation for its first
 * manager, and prints a one-time set-up link (PUBLIC_ORIGIN + /invitation/…)
 * for the operator to hand over. The manager sets a password from the link,
 * then must set up the second factor at first sign-in (decision 009), and
 * invites everyone else from the console.
 *
 * No email is sent for this invitation (its delivery reads "disabled"): the
 * link goes to the operator, on this command's standard output only, never to
 * the log. Works on any database, empty or not; a partnership name already in
 * use is refused.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { EmailSchema, LIMITS, text } from '@s11/shared';
import { INVITATION_DAYS, createInvitation } from '../auth/invitations';
import type { Config } from '../config';
import { partnerships } from '../db/schema';
import type { LogFn } from '../http/logger';
import { createOutbox } from '../mail/outbox';
import { openConfiguredDatabase } from './serve';
import { StartupError } from './startup';

const CreatePartnershipArgs = z.object({
  name: text(LIMITS.name, 1),
  'manager-email': EmailSchema,
  'manager-name': text(LIMITS.name).default(''),
  'short-name': text(20).optional(),
});

/** "North Shire Safeguarding Children Partnership" -> "NSSCP". */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
  return (letters || name).slice(0, 20);
}

export const ADMIN_USAGE =
  'usage: admin create-partnership --name "North Shire Safeguarding Children Partnership" --manager-email lead@example.org [--manager-name "Sam Lead"] [--short-name NSSCP]';

export interface CreatedPartnership {
  partnershipId: string;
  invitationId: string;
  link: string;
}

export async function createPartnershipWithManager(
  config: Config,
  log: LogFn,
  argv: string[],
): Promise<CreatedPartnership> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: 'string' },
        'manager-email': { type: 'string' },
        'manager-name': { type: 'string' },
        'short-name': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new StartupError('arguments', `${(err as Error).message}; ${ADMIN_USAGE}`);
  }
  const parsed = CreatePartnershipArgs.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(
      `--${String(issue?.path[0] ?? 'arguments')}`,
      `${issue?.message ?? 'is not valid'}; ${ADMIN_USAGE}`,
    );
  }
  const args = parsed.data;
  const origin = (config.PUBLIC_ORIGIN ?? `http://localhost:${String(config.PORT)}`).replace(
    /\/$/,
    '',
  );

  const database = await openConfiguredDatabase(config, log);
  try {
    const now = new Date();
    const created = await database.db.transaction(async (tx) => {
      // One at a time, so two runs with one name cannot both pass the check.
      await tx.execute(sql`lock table ${partnerships} in share row exclusive mode`);
      const [same] = await tx
        .select({ id: partnerships.id })
        .from(partnerships)
        .where(sql`lower(${partnerships.name}) = lower(${args.name})`);
      if (same) {
        throw new StartupError(
          '--name',
          `a partnership named "${args.name}" already exists: choose another name (nothing was changed)`,
        );
      }
      const partnershipId = crypto.randomUUID();
      await tx.insert(partnerships).values({
        id: partnershipId,
        name: args.name,
        shortName: args['short-name'] ?? initials(args.name),
        createdAt: now,
      });
      const { invitation, token } = await createInvitation(
        tx,
        {
          email: args['manager-email'],
          name: args['manager-name'],
          role: 'partnership_manager',
          organisationId: null,
          partnershipId,
          invitedBy: null,
        },
        now,
      );
      // On record as "no email sent": the operator hands the link over.
      await createOutbox('disabled').enqueue(
        tx,
        {
          kind: 'invitation',
          subjectId: invitation.id,
          to: invitation.email,
          partnershipId,
          subject: 'Set-up link printed by admin create-partnership',
          body: '',
        },
        now,
      );
      return { partnershipId, invitationId: invitation.id, link: `${origin}/invitation/${token}` };
    });
    log({
      level: 'info',
      msg: 'partnership created with an invitation for its first manager',
      partnershipId: created.partnershipId,
      invitationId: created.invitationId,
    });
    return created;
  } finally {
    await database.close();
  }
}

/** `admin <subcommand> …`: prints the set-up link for the operator. */
export async function runAdmin(config: Config, log: LogFn, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'create-partnership') {
    throw new StartupError('command', `unknown admin command "${sub ?? ''}"; ${ADMIN_USAGE}`);
  }
  const created = await createPartnershipWithManager(config, log, rest);
  // Standard output, not the log: the operator copies it once and passes it on privately.
  process.stdout.write(
    [
      `Partnership created. Give this one-time set-up link to its first manager privately (it works once, for ${String(INVITATION_DAYS)} days):`,
      created.link,
      'They choose a password, then set up a second factor at first sign-in.',
      '',
    ].join('\n'),
  );
}
