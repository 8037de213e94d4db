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

export async function audit(
  c: Context<AppEnv>,
  entry: AuditEntry,
  db: Db = c.get('deps').database.db,
): Promise<void> {
  const p = c.get('principal') ?? c.get('pendingPrincipal');
  await db.insert(auditLog).values({
    at: c.get('deps').now(),
    actorUserId: entry.actorUserId !== undefined ? entry.actorUserId : (p?.userId ?? null),
    actorEmail: entry.actorEmail ?? p?.email ?? '',
    partnershipId: entry.partnershipId ?? null,
    organisationId: entry.organisationId ?? null,
    action: entry.action,
    entity: entry.entity ?? '',
    entityId: entry.entityId ?? '',
    detail: entry.detail ?? {},
    ip: clientIp(c),
  });
}
