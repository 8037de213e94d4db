/**
 * What a domain function needs from the request, as plain values: the
 * database (or the caller's transaction), the server's time and who is
 * acting. Routes build it with `contextOf(c)`; tests and scripts can build
 * one by hand. Domain functions never see Hono's Context.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { actorOf, writeAudit, type Actor, type AuditEntry } from '../audit';
import type { Db } from '../db/client';

export interface DomainContext {
  /** The database, or a transaction the caller holds. */
  tx: Db;
  now: Date;
  actor: Actor;
}

export function contextOf(c: Context<AppEnv>): DomainContext {
  const deps = c.get('deps');
  return { tx: deps.database.db, now: deps.now(), actor: actorOf(c) };
}

/** One audit row for what `ctx.actor` did, in `ctx.tx`. */
export function auditIn(ctx: DomainContext, entry: AuditEntry): Promise<void> {
  return writeAudit(ctx.tx, ctx.actor, ctx.now, entry);
}
