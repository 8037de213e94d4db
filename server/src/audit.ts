/**
 * The audit log: who did what, when. Records which fields changed, never
 * their content (form answers and passwords stay out of it).
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';
import type { AuditAction } from '@s11/shared';
import type { AppEnv } from './app-env';
import type { Db } from './db/client';
import { auditLog } from './db/schema';

export type { AuditAction } from '@s11/shared';

export interface AuditEntry {
  action: AuditAction;
  entity?: string;
  entityId?: string;
  partnershipId?: string | null;
  organisationId?: string | null;
  detail?: Record<string, unknown>;
  /** Override the actor (e.g. a failed sign-in has no principal). */
  actorEmail?: string;
  actorUserId?: string | null;
}

/**
 * The client's address, for rate limits and the audit log. Behind N trusted
 * proxies (TRUST_PROXY=N) it is the Nth X-Forwarded-For entry from the right:
 * each proxy appends the address it saw, so entries further left are the
 * client's own claims and are never used. A malformed entry is not an
 * address: the socket's address is used instead.
 */
export function clientIp(c: Context<AppEnv>): string {
  const hops = c.get('deps').config.TRUST_PROXY;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  const socket = incoming?.socket?.remoteAddress ?? 'unknown';
  if (hops > 0) {
    const list = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const candidate = list.length >= hops ? list[list.length - hops] : undefined;
    if (candidate && isIP(candidate)) return candidate;
  }
  return socket;
}

/** Who did something, as the audit log records it: no Hono Context needed. */
export interface Actor {
  userId: string | null;
  email: string;
  ip: string;
}

/** The signed-in (or half signed-in) person making this request. */
export function actorOf(c: Context<AppEnv>): Actor {
  const p = c.get('principal') ?? c.get('pendingPrincipal');
  return { userId: p?.userId ?? null, email: p?.email ?? '', ip: clientIp(c) };
}

/** Writes one audit row for `actor` at `at`, in `db` (or the caller's transaction). */
export async function writeAudit(db: Db, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at,
    actorUserId: entry.actorUserId !== undefined ? entry.actorUserId : actor.userId,
    actorEmail: entry.actorEmail ?? actor.email,
    partnershipId: entry.partnershipId ?? null,
    organisationId: entry.organisationId ?? null,
    action: entry.action,
    entity: entry.entity ?? '',
    entityId: entry.entityId ?? '',
    detail: entry.detail ?? {},
    ip: actor.ip,
  });
}

export async function audit(
  c: Context<AppEnv>,
  entry: AuditEntry,
  db: Db = c.get('deps').database.db,
): Promise<void> {
  await writeAudit(db, actorOf(c), c.get('deps').now(), entry);
}
