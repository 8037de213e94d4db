/**
 * The audit log: who did what, when. Records which fields changed, never
 * their content (form answers and passwords stay out of it).
 */
import type { Context } from 'hono';
import type { AppEnv } from './app-env';
import type { Db } from './db/client';
import { auditLog } from './db/schema';

export type AuditAction =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'access_refused'
  | 'invitation_sent'
  | 'invitation_accepted'
  | 'invitation_revoked'
  | 'invitation_resent'
  | 'password_reset_requested'
  | 'password_reset'
  | 'password_changed'
  | 'user_disabled'
  | 'organisation_created'
  | 'organisation_updated'
  | 'cycle_opened'
  | 'organisation_invited'
  | 'return_changed'
  | 'return_carried_forward'
  | 'return_submitted'
  | 'return_status_changed'
  | 'moderation_recorded'
  | 'reminder_sent'
  | 'export'
  | 'second_factor_enrolled'
  | 'second_factor_passed'
  | 'second_factor_failed'
  | 'second_factor_removed'
  | 'recovery_codes_replaced';

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

export function clientIp(c: Context<AppEnv>): string {
  if (c.get('deps').config.TRUST_PROXY === 'true') {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
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
