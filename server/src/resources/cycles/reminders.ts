/**
 * Reminders to the organisations of a cycle that have not submitted, and
 * what became of each email.
 */
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { RETURNED_STATUSES, formatDate, type Reminder, type RemindersSent } from '@s11/shared';
import type { Db } from '../../db/client';
import {
  cycles,
  mailOutbox,
  memberships,
  organisations,
  partnerships,
  returns,
  users,
} from '../../db/schema';
import { deliveryOf, type Outbox } from '../../mail/outbox';
import { auditIn, type DomainContext } from '../context';

/**
 * Queues a reminder to every organisation of the cycle that has not
 * submitted: to its people and its contact address. Says exactly how many
 * emails were queued and which organisations have nobody to email, so "sent
 * to 10 organisations (0 emails)" cannot be reported as success.
 */
export async function sendReminders(
  ctx: DomainContext,
  outbox: Outbox,
  cycleId: string,
  partnershipId: string,
): Promise<RemindersSent> {
  const db = ctx.tx;
  const [p] = await db.select().from(partnerships).where(eq(partnerships.id, partnershipId));
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, cycleId));
  const waiting = await db
    .select({ r: returns, o: organisations })
    .from(returns)
    .innerJoin(organisations, eq(organisations.id, returns.organisationId))
    .where(and(eq(returns.cycleId, cycleId), notInArray(returns.status, [...RETURNED_STATUSES])))
    .orderBy(organisations.name);
  const orgIds = waiting.map((w) => w.o.id);
  const people = orgIds.length
    ? await db
        .select({ email: users.email, org: memberships.organisationId })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(inArray(memberships.organisationId, orgIds), eq(users.disabled, false)))
    : [];
  const recipients = waiting.map((w) => ({
    ...w,
    to: [
      ...new Set([
        ...people.filter((x) => x.org === w.o.id).map((x) => x.email),
        ...(w.o.contactEmail ? [w.o.contactEmail] : []),
      ]),
    ],
  }));
  const withoutAddress = recipients
    .filter((x) => x.to.length === 0)
    .map((x) => ({ id: x.o.id, name: x.o.name }));
  const reachable = recipients.filter((x) => x.to.length > 0);
  if (outbox.mode === 'disabled') {
    return {
      organisations: waiting.length,
      reminded: 0,
      emails: 0,
      withoutAddress,
      mailDisabled: true,
    };
  }
  let emails = 0;
  // All of them or none: a failure half-way leaves no organisation reminded twice on a retry.
  await db.transaction(async (tx) => {
    for (const w of reachable) {
      for (const email of w.to) {
        await outbox.enqueue(
          tx,
          {
            kind: 'reminder',
            subjectId: w.r.id,
            to: email,
            partnershipId,
            subject: `Reminder: your Section 11 return is due ${formatDate(cycle?.dueOn)}`,
            body: `Hello,\n\n${p?.name ?? 'Your partnership'} is waiting for ${w.o.name}'s Section 11 return for ${cycle?.name ?? 'this cycle'}, due ${formatDate(cycle?.dueOn)}.\n\nSign in to S11 Portal to carry on where you left off.`,
          },
          ctx.now,
        );
        emails += 1;
      }
      await auditIn(
        { ...ctx, tx },
        {
          action: 'reminder_sent',
          entity: 'return',
          entityId: w.r.id,
          partnershipId,
          organisationId: w.o.id,
          detail: { recipients: w.to.length },
        },
      );
    }
  });
  outbox.wake();
  return {
    organisations: waiting.length,
    reminded: reachable.length,
    emails,
    withoutAddress,
    mailDisabled: false,
  };
}

/** Each reminder email of a cycle, newest first, with its delivery (never its content). */
export async function reminderDeliveries(db: Db, cycleId: string): Promise<Reminder[]> {
  const rows = await db
    .select({ m: mailOutbox, o: organisations })
    .from(mailOutbox)
    .innerJoin(returns, sql`${returns.id}::text = ${mailOutbox.subjectId}`)
    .innerJoin(organisations, eq(organisations.id, returns.organisationId))
    .where(and(eq(mailOutbox.kind, 'reminder'), eq(returns.cycleId, cycleId)))
    .orderBy(desc(mailOutbox.createdAt), organisations.name)
    .limit(1000);
  return rows.map(({ m, o }) => ({
    id: m.id,
    organisationId: o.id,
    organisationName: o.name,
    to: m.to,
    queuedAt: m.createdAt.toISOString(),
    delivery: deliveryOf(m),
  }));
}
