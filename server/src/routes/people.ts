/**
 * A manager's screens on people, mounted at /api/partnerships: everyone with
 * access (roles, last sign-in, second factor, disabled), role changes,
 * disabling and re-enabling accounts, and the audit log (filtered, paged,
 * exported as CSV). Every route checks the caller manages the partnership;
 * the rules about people live in auth/people.ts, and every change is written
 * to the audit log.
 */
import { and, count, desc, eq, gte, ilike, lt, type SQL } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_PAGE_SIZE,
  AuditPageSchema,
  AuditQuerySchema,
  IdSchema,
  OrganisationPeopleSchema,
  PeopleSchema,
  PersonSchema,
  RoleChangeSchema,
  type AuditAction,
  type AuditEntryBody,
  type AuditPageBody,
  type AuditQuery,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import {
  orgRoles,
  requireOrganisation,
  requirePartnership,
  requirePrincipal,
} from '../auth/access';
import { changeRole, listOrganisationPeople, listPeople, setDisabled } from '../auth/people';
import type { Db } from '../db/client';
import { auditLog, organisations } from '../db/schema';
import { notFound } from '../http/problem';
import { jsonBody, pathParams, queryParams } from '../http/validate';
import {
  INVALID,
  MEDIA,
  NOT_ALLOWED,
  NOT_FOUND,
  describe,
  file,
  json,
} from '../http/openapi-route';
import { BOM, csvCell } from '../reports/csv';
import { londonDayEnd, londonDayStart } from '../london-time';

const PartnershipParam = z.object({ pid: IdSchema });
const OrganisationParam = z.object({ id: IdSchema });
const UserParam = z.object({ pid: IdSchema, uid: IdSchema });
const MembershipParam = z.object({ pid: IdSchema, uid: IdSchema, mid: IdSchema });

/** One person as the manager sees them, or 404 when they have no access here. */
async function personOr404(c: Context<AppEnv>, pid: string, uid: string, you: string) {
  const [person] = await listPeople(c.get('deps').database.db, pid, uid);
  if (!person) throw notFound('person');
  return { ...person, you: person.id === you };
}

/** The filters as SQL conditions, for the page, its count and the CSV. */
/** Disable or re-enable a person's account (a manager's act), audited when it changed. */
async function setAccess(
  c: Context<AppEnv>,
  { pid, uid }: { pid: string; uid: string },
  disabled: boolean,
): Promise<Response> {
  const manager = await requirePartnership(c, pid, 'manage');
  const { database, now } = c.get('deps');
  const changed = await setDisabled(database.db, pid, uid, disabled, manager.userId, now());
  const person = await personOr404(c, pid, uid, manager.userId);
  if (changed)
    await audit(c, {
      action: disabled ? 'user_disabled' : 'user_enabled',
      entity: 'user',
      entityId: uid,
      partnershipId: pid,
      detail: { email: person.email },
    });
  return c.body(null, 204);
}

function auditWhere(pid: string, q: AuditQuery): SQL[] {
  const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return [
    eq(auditLog.partnershipId, pid),
    ...(q.action ? [eq(auditLog.action, q.action)] : []),
    ...(q.actor ? [ilike(auditLog.actorEmail, `%${escapeLike(q.actor)}%`)] : []),
    ...(q.from ? [gte(auditLog.at, londonDayStart(q.from))] : []),
    ...(q.to ? [lt(auditLog.at, londonDayEnd(q.to))] : []),
  ];
}

/** An audit row as the log screen and its CSV show it. */
export function toAuditEntry(
  a: typeof auditLog.$inferSelect,
  organisationName: string | null,
): AuditEntryBody {
  return {
    id: a.id,
    at: a.at.toISOString(),
    actorEmail: a.actorEmail,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId,
    organisationId: a.organisationId,
    organisationName,
    detail: a.detail,
    ip: a.ip,
  };
}

async function auditPage(
  db: Db,
  where: SQL[],
  before: number | undefined,
  limit: number,
): Promise<AuditEntryBody[]> {
  const rows = await db
    .select({ a: auditLog, organisationName: organisations.name })
    .from(auditLog)
    .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
    .where(and(...where, ...(before ? [lt(auditLog.id, before)] : [])))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows.map(({ a, organisationName }) => toAuditEntry(a, organisationName ?? null));
}

const CSV_HEADER = [
  'Date and time (UTC)',
  'Who',
  'Action',
  'Action code',
  'Record type',
  'Record id',
  'Organisation',
  'Details',
  'IP address',
];

/** Streams the whole filtered log, newest first, a thousand rows a query. */
function auditCsvStream(db: Db, where: SQL[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let before: number | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(BOM + CSV_HEADER.map(csvCell).join(',') + '\r\n'));
        return;
      }
      const rows = await auditPage(db, where, before, 1000);
      if (!rows.length) {
        controller.close();
        return;
      }
      before = rows[rows.length - 1]?.id;
      const text = rows
        .map(
          (r) =>
            [
              r.at,
              r.actorEmail,
              AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action,
              r.action,
              r.entity,
              r.entityId,
              r.organisationName ?? r.organisationId ?? '',
              Object.keys(r.detail).length ? JSON.stringify(r.detail) : '',
              r.ip,
            ]
              .map(csvCell)
              .join(',') + '\r\n',
        )
        .join('');
      controller.enqueue(enc.encode(text));
    },
  });
}

/** The refusals of disabling, re-enabling or demoting (auth/people.ts). */
const ELSEWHERE = 'The person also has access to another partnership or its organisations';
const LAST_MANAGER = "The partnership's last active manager";

export function peopleRoutes() {
  return (
    new Hono<AppEnv>()
      // -------------------------------------------------------------- people
      .get(
        '/:pid/users',
        describe({
          operationId: 'listPeople',
          summary:
            'Everyone with access to the partnership and its organisations: roles, last sign-in, second factor, disabled (manager)',
          tags: ['people'],
          responses: { 200: json(PeopleSchema, 'By name'), 403: NOT_ALLOWED },
        }),
        pathParams(PartnershipParam),
        async (c) => {
          const { pid } = c.req.valid('param');
          const manager = await requirePartnership(c, pid, 'manage');
          const people = await listPeople(c.get('deps').database.db, pid);
          return c.json({ people: people.map((p) => ({ ...p, you: p.id === manager.userId })) });
        },
      )
      .get(
        '/:pid/users/:uid',
        describe({
          operationId: 'getPerson',
          summary: 'One person with access to the partnership (manager)',
          tags: ['people'],
          responses: { 200: json(PersonSchema, 'The person'), 403: NOT_ALLOWED, 404: NOT_FOUND },
        }),
        pathParams(UserParam),
        async (c) => {
          const { pid, uid } = c.req.valid('param');
          const manager = await requirePartnership(c, pid, 'manage');
          return c.json(await personOr404(c, pid, uid, manager.userId));
        },
      )
      .put(
        '/:pid/users/:uid/memberships/:mid',
        describe({
          operationId: 'changeRole',
          summary:
            "Change a person's role (editor or signatory; manager or viewer); the last active manager stays (manager)",
          tags: ['people'],
          responses: {
            200: json(PersonSchema, 'The person, with the new role'),
            403: NOT_ALLOWED,
            404: NOT_FOUND,
            409: `${LAST_MANAGER} cannot be demoted`,
            422: `${INVALID}; also a role of the other scope (an organisation role for a partnership membership)`,
          },
        }),
        pathParams(MembershipParam),
        jsonBody(RoleChangeSchema),
        async (c) => {
          const { pid, uid, mid } = c.req.valid('param');
          const manager = await requirePartnership(c, pid, 'manage');
          const { role } = c.req.valid('json');
          const db = c.get('deps').database.db;
          const change = await changeRole(db, pid, uid, mid, role);
          const person = await personOr404(c, pid, uid, manager.userId);
          if (change.from !== change.to)
            await audit(c, {
              action: 'role_changed',
              entity: 'user',
              entityId: uid,
              partnershipId: pid,
              organisationId: change.organisationId,
              detail: { email: person.email, from: change.from, to: change.to },
            });
          return c.json(person);
        },
      )
      .post(
        '/:pid/users/:uid/disable',
        describe({
          operationId: 'disablePerson',
          summary:
            'Disable an account and end its sessions; not yourself nor the last active manager (manager)',
          tags: ['people'],
          responses: {
            204: 'Disabled (or already was)',
            403: NOT_ALLOWED,
            404: NOT_FOUND,
            409: `${ELSEWHERE}; or it is your own account, or ${LAST_MANAGER.toLowerCase()}`,
          },
        }),
        pathParams(UserParam),
        (c) => setAccess(c, c.req.valid('param'), true),
      )
      .post(
        '/:pid/users/:uid/enable',
        describe({
          operationId: 'enablePerson',
          summary: 'Re-enable a disabled account (manager)',
          tags: ['people'],
          responses: {
            204: 'Enabled (or already was)',
            403: NOT_ALLOWED,
            404: NOT_FOUND,
            409: ELSEWHERE,
          },
        }),
        pathParams(UserParam),
        (c) => setAccess(c, c.req.valid('param'), false),
      )

      // ----------------------------------------------------------- audit log
      .get(
        '/:pid/audit',
        describe({
          operationId: 'listAuditLog',
          summary:
            'Audit log, newest first, filtered by action, person (email contains) and UK dates; paged by `before` (manager)',
          tags: ['audit'],
          responses: { 200: json(AuditPageSchema, 'A page of entries'), 403: NOT_ALLOWED },
        }),
        pathParams(PartnershipParam),
        queryParams(AuditQuerySchema),
        async (c) => {
          const { pid } = c.req.valid('param');
          await requirePartnership(c, pid, 'manage');
          const q = c.req.valid('query');
          const limit = q.limit ?? AUDIT_PAGE_SIZE;
          const db = c.get('deps').database.db;
          const where = auditWhere(pid, q);
          // One more than the page, to know whether there is a next one.
          const rows = await auditPage(db, where, q.before, limit + 1);
          const [total] = await db
            .select({ n: count() })
            .from(auditLog)
            .where(and(...where));
          const entries = rows.slice(0, limit);
          const body: AuditPageBody = {
            entries,
            total: Number(total?.n ?? 0),
            nextBefore: rows.length > limit ? (entries[entries.length - 1]?.id ?? null) : null,
          };
          return c.json(body);
        },
      )
      .get(
        '/:pid/audit/export.csv',
        describe({
          operationId: 'exportAuditLog',
          summary: 'The filtered audit log as CSV (manager)',
          tags: ['audit'],
          responses: {
            200: file(MEDIA.csv, 'Every matching entry, newest first (UTF-8 with a BOM)'),
            403: NOT_ALLOWED,
          },
        }),
        pathParams(PartnershipParam),
        queryParams(AuditQuerySchema),
        async (c) => {
          const { pid } = c.req.valid('param');
          await requirePartnership(c, pid, 'manage');
          const q = c.req.valid('query');
          const db = c.get('deps').database.db;
          await audit(c, {
            action: 'export',
            entity: 'audit_log',
            entityId: pid,
            partnershipId: pid,
            // Which filters, never what was typed in them.
            detail: {
              format: 'audit.csv',
              filters: (['action', 'actor', 'from', 'to'] as const).filter((k) => q[k]),
            },
          });
          const day = c.get('deps').now().toISOString().slice(0, 10);
          return c.body(auditCsvStream(db, auditWhere(pid, q)), 200, {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
          });
        },
      )
  );
}

/**
 * Mounted at /api/organisations: an organisation's own people, for its
 * signatories (and the managers of a partnership it belongs to). Read-only:
 * roles change through the partnership's managers or an invitation.
 */
export function organisationPeopleRoutes() {
  return new Hono<AppEnv>().get(
    '/:id/people',
    describe({
      operationId: 'listOrganisationPeople',
      summary:
        "An organisation's people: roles there, last sign-in, authenticator app, disabled (its signatories; managers)",
      tags: ['people'],
      responses: {
        200: json(OrganisationPeopleSchema, 'By name'),
        403: "An editor or viewer of the organisation: its people are its signatories' to see",
        404: NOT_FOUND,
      },
    }),
    pathParams(OrganisationParam),
    async (c) => {
      const { id } = c.req.valid('param');
      const p = requirePrincipal(c);
      // Editors and viewers may see the organisation but not its people (403);
      // anyone else learns nothing (404).
      if (!orgRoles(p, id).has('org_signatory')) await requireOrganisation(c, id, 'manage');
      return c.json({ people: await listOrganisationPeople(c.get('deps').database.db, id) });
    },
  );
}
