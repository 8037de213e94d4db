/**
 * Tenancy: who may see and do what. Every route calls these; nothing is
 * trusted from the client. Records a user may not see answer 404 (their
 * existence is not revealed); records they may see but not change answer 403.
 * Both are written to the audit log as refused access.
 */
import { eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import type { Db } from '../db/client';
import { cycles, organisationPartnerships, returns } from '../db/schema';
import { HttpProblem, forbidden, notFound, unauthorized } from '../http/problem';
import type { Principal } from './principal';
import { secondFactorNeeded } from './second-factor';
import { resolveSession } from './sessions';

/** Loads the session if there is one; never refuses. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = await resolveSession(c);
    if (s) {
      c.set('sessionTokenHash', s.tokenHash);
      c.set('userId', s.principal.userId);
      // A session owing its second factor gets no principal: only the
      // second-factor routes (routes/second-factor.ts) read it, as `pendingPrincipal`.
      if (s.secondFactor === 'none') c.set('principal', s.principal);
      else c.set('pendingPrincipal', { ...s.principal, secondFactor: s.secondFactor });
    }
    await next();
  };
}

/** The signed-in user; 401 when not signed in, or when the second factor is still owed. */
export function requirePrincipal(c: Context<AppEnv>): Principal {
  const p = c.get('principal');
  if (p) return p;
  const pending = c.get('pendingPrincipal');
  if (pending) throw secondFactorNeeded(pending.secondFactor);
  throw unauthorized();
}

export function orgRoles(p: Principal, organisationId: string): Set<string> {
  return new Set(
    p.memberships
      .filter((m) => m.scope === 'organisation' && m.organisationId === organisationId)
      .map((m) => m.role),
  );
}

export function partnershipRoles(p: Principal, partnershipId: string): Set<string> {
  return new Set(
    p.memberships
      .filter((m) => m.scope === 'partnership' && m.partnershipId === partnershipId)
      .map((m) => m.role),
  );
}

export function organisationIdsOf(p: Principal): string[] {
  return [
    ...new Set(
      p.memberships.flatMap((m) => (m.scope === 'organisation' ? [m.organisationId] : [])),
    ),
  ];
}

export function partnershipIdsOf(p: Principal): string[] {
  return [
    ...new Set(p.memberships.flatMap((m) => (m.scope === 'partnership' ? [m.partnershipId] : []))),
  ];
}

/**
 * A refusal of access, as thrown by the checks below, naming what was refused
 * (so a caller that refuses many records at once, like push, can write one
 * aggregated audit row instead of one each).
 */
export class AccessRefused extends HttpProblem {
  constructor(
    problem: HttpProblem,
    readonly entity: string,
    readonly entityId: string,
  ) {
    super(problem.status, problem.title, problem.detail, problem.errors, problem.headers);
  }
}

async function refuse(
  c: Context<AppEnv>,
  problem: HttpProblem,
  what: string,
  id: string,
  db?: Db,
  quiet = false,
): Promise<never> {
  if (quiet) throw new AccessRefused(problem, what, id);
  await audit(
    c,
    {
      action: 'access_refused',
      entity: what,
      entityId: id,
      detail: { method: c.req.method, path: c.req.path, status: problem.status },
    },
    db,
  );
  throw new AccessRefused(problem, what, id);
}

export type PartnershipAccess = 'manage' | 'view';

/** A manager (manage) or a manager or viewer (view) of this partnership. */
/**
 * `record` names what the caller asked for when it belongs to the partnership
 * (a cycle): refused, the 404 is then word for word the one for a record that
 * does not exist (ADR 004), and the audit row names that record.
 */
export async function requirePartnership(
  c: Context<AppEnv>,
  partnershipId: string,
  need: PartnershipAccess,
  record: { what: string; id: string } = { what: 'partnership', id: partnershipId },
): Promise<Principal> {
  const p = requirePrincipal(c);
  const roles = partnershipRoles(p, partnershipId);
  if (roles.has('partnership_manager')) return p;
  if (roles.has('partnership_viewer')) {
    if (need === 'view') return p;
    return refuse(c, forbidden(), record.what, record.id);
  }
  return refuse(c, notFound(record.what), record.what, record.id);
}

export interface ReturnAccess {
  principal: Principal;
  ret: typeof returns.$inferSelect;
  partnershipId: string;
  /** Editor or signatory of the organisation that owns the return. */
  isOrgMember: boolean;
  isSignatory: boolean;
  isManager: boolean;
  isViewer: boolean;
}

export type ReturnNeed = 'read' | 'edit' | 'sign' | 'moderate';

/**
 * Loads a return and checks the principal's right to it: organisation members
 * read and edit (signatories sign); the partnership that ran the cycle reads
 * (viewers) and moderates (managers).
 */
export async function requireReturn(
  c: Context<AppEnv>,
  returnId: string,
  need: ReturnNeed,
  db: Db = c.get('deps').database.db,
): Promise<ReturnAccess> {
  try {
    return await returnAccessFor(requirePrincipal(c), returnId, need, db);
  } catch (e) {
    if (e instanceof AccessRefused) await refuse(c, e, e.entity, e.entityId, db);
    throw e;
  }
}

/**
 * The same check for a known principal, without Hono's Context and without an
 * audit row: a refusal throws AccessRefused and the caller decides how to
 * record it (push writes one row per batch, not one per refused item).
 */
export async function returnAccessFor(
  p: Principal,
  returnId: string,
  need: ReturnNeed,
  db: Db,
): Promise<ReturnAccess> {
  const rows = await db
    .select({ ret: returns, partnershipId: cycles.partnershipId })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(eq(returns.id, returnId))
    .limit(1);
  const row = rows[0];
  // No such return at all: nothing was refused, so nothing is audited.
  if (!row) throw notFound('return');
  const o = orgRoles(p, row.ret.organisationId);
  const pr = partnershipRoles(p, row.partnershipId);
  const access: ReturnAccess = {
    principal: p,
    ret: row.ret,
    partnershipId: row.partnershipId,
    isOrgMember: o.size > 0,
    isSignatory: o.has('org_signatory'),
    isManager: pr.has('partnership_manager'),
    isViewer: pr.has('partnership_viewer'),
  };
  const canRead = access.isOrgMember || access.isManager || access.isViewer;
  if (!canRead) throw new AccessRefused(notFound('return'), 'return', returnId);
  const allowed =
    need === 'read' ||
    (need === 'edit' && access.isOrgMember) ||
    (need === 'sign' && access.isSignatory) ||
    (need === 'moderate' && access.isManager);
  if (!allowed) throw new AccessRefused(forbidden(), 'return', returnId);
  return access;
}

/** Organisation: its members, or a manager/viewer of a partnership it belongs to. */
export async function requireOrganisation(
  c: Context<AppEnv>,
  organisationId: string,
  need: 'read' | 'manage',
): Promise<Principal> {
  const p = requirePrincipal(c);
  const db = c.get('deps').database.db;
  const links = await db
    .select()
    .from(organisationPartnerships)
    .where(eq(organisationPartnerships.organisationId, organisationId));
  const managers = links.some((l) =>
    partnershipRoles(p, l.partnershipId).has('partnership_manager'),
  );
  if (managers) return p;
  const readers =
    orgRoles(p, organisationId).size > 0 ||
    links.some((l) => partnershipRoles(p, l.partnershipId).size > 0);
  if (readers && need === 'read') return p;
  return refuse(
    c,
    readers ? forbidden() : notFound('organisation'),
    'organisation',
    organisationId,
  );
}
