/**
 * The console's reports and exports, reminders, and the organisation import.
 */
import { Readable } from 'node:stream';
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  IdSchema,
  OrganisationInputSchema,
  SECTORS,
  SECTOR_CODES,
  sectorLabel,
  type OrganisationInput,
  type Sector,
  type SubType,
  LIGHT_BY_DEFAULT,
  RETURNED_STATUSES,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import { requirePartnership } from '../auth/access';
import { limitWork } from '../auth/rate-limit';
import {
  cycles,
  mailOutbox,
  memberships,
  organisationPartnerships,
  organisations,
  partnerships,
  returns,
  users,
} from '../db/schema';
import { HttpProblem, notFound } from '../http/problem';
import { jsonBody, pathParams } from '../http/validate';
import { actionsCsv, parseCsv, returnsCsv, summaryCsv, toCsv } from '../reports/csv';
import { pdfStream } from '../reports/pdf';
import {
  buildCycleReport,
  buildCycleSummary,
  openActionPages,
  returnRowPages,
} from '../reports/report-data';
import { workbookStream } from '../reports/workbook';
import type { Db } from '../db/client';
import { deliveryOf } from '../mail/outbox';

const IdParam = z.object({ id: IdSchema });
const PidParam = z.object({ pid: IdSchema });
const ExportParam = z.object({
  id: IdSchema,
  file: z.enum(['summary.csv', 'returns.csv', 'actions.csv', 'workbook.xlsx', 'report.pdf']),
});

async function cycleFor(c: Context<AppEnv>, id: string, need: 'view' | 'manage') {
  const [cycle] = await c.get('deps').database.db.select().from(cycles).where(eq(cycles.id, id));
  if (!cycle) throw notFound('cycle');
  await requirePartnership(c, cycle.partnershipId, need, { what: 'cycle', id });
  return cycle;
}

/** A response body must be bytes, not strings. */
async function* utf8(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'cycle';

/** CSV imports (docs/limits.md): a partnership's directory is a few thousand organisations. */
export const IMPORT_LIMITS = {
  /** Organisations (non-blank rows after the header) in one file. */
  rows: 5_000,
  /** The file's size in UTF-8 bytes. */
  bytes: 1024 * 1024,
  /** Rows listed in a preview (and problems in a refusal); the rest are counted. */
  listedRows: 200,
  /** Characters of a cell echoed back in a preview or a message. */
  echoedChars: 200,
} as const;

const TOO_BIG = `The file is larger than ${String(IMPORT_LIMITS.bytes / 1024 / 1024)} MB. Split it into smaller files.`;

export const ImportSchema = z.strictObject({
  csv: z
    .string()
    .max(IMPORT_LIMITS.bytes, { message: TOO_BIG })
    .refine((s) => Buffer.byteLength(s, 'utf8') <= IMPORT_LIMITS.bytes, { message: TOO_BIG }),
  /** Preview only: check every row and save nothing. */
  dryRun: z.boolean().default(true),
});

export const IMPORT_COLUMNS = [
  'Name',
  'Sector',
  'Type',
  'Form',
  'Contact name',
  'Contact email',
] as const;

/** Which column of the file each organisation field comes from, for messages. */
const COLUMN_OF_FIELD: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  name: 'Name',
  sector: 'Sector',
  subType: 'Type',
  usualVariant: 'Form',
  contactName: 'Contact name',
  contactEmail: 'Contact email',
};

export interface ImportRow {
  line: number;
  values: Record<string, string>;
  problems: string[];
  organisation: OrganisationInput | null;
}

/** Sector and type are accepted by label ("Early years") or code ("early_years"). */
function lookupSector(v: string): Sector | null {
  const t = v.trim().toLowerCase();
  return SECTOR_CODES.find((s) => s === t || SECTORS[s].label.toLowerCase() === t) ?? null;
}
function lookupSubType(sector: Sector, v: string): SubType | null | 'bad' {
  const t = v.trim().toLowerCase();
  if (!t) return null;
  const entries = Object.entries(SECTORS[sector].subTypes) as [SubType, string][];
  return entries.find(([code, label]) => code === t || label.toLowerCase() === t)?.[0] ?? 'bad';
}

/** A cell as echoed back: never more than IMPORT_LIMITS.echoedChars characters. */
const echo = (v: string) =>
  v.length > IMPORT_LIMITS.echoedChars ? `${v.slice(0, IMPORT_LIMITS.echoedChars)}…` : v;

export function checkImport(csv: string): { rows: ImportRow[]; headerProblem: string | null } {
  const table = parseCsv(csv);
  if (table.length - 1 > IMPORT_LIMITS.rows) {
    return {
      rows: [],
      headerProblem: `The file has ${String(table.length - 1)} rows; at most ${String(IMPORT_LIMITS.rows)} organisations can be imported at once. Split it into smaller files.`,
    };
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.slice(0, 3).filter((c) => !header.includes(c.toLowerCase()));
  if (table.length === 0 || missing.length) {
    return {
      rows: [],
      headerProblem: `The first row must name the columns: ${IMPORT_COLUMNS.join(', ')}. Missing: ${missing.join(', ') || 'everything'}. Download the template to see the layout.`,
    };
  }
  const col = (row: string[], name: string) =>
    (row[header.indexOf(name.toLowerCase())] ?? '').trim();
  const seen = new Map<string, number>();
  const rows = table.slice(1).map((row, i): ImportRow => {
    const line = i + 2;
    const values = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, col(row, c)]));
    const problems: string[] = [];
    const sector = lookupSector(values.Sector ?? '');
    if (!values.Name) problems.push('The name is missing');
    if (!sector)
      problems.push(
        `"${echo(values.Sector ?? '')}" is not a sector. Use one of: ${SECTOR_CODES.map((s) => SECTORS[s].label).join(', ')}`,
      );
    const subType = sector ? lookupSubType(sector, values.Type ?? '') : null;
    if (subType === 'bad' && sector)
      problems.push(
        `"${echo(values.Type ?? '')}" is not a type of ${sectorLabel(sector)} organisation`,
      );
    const form = (values.Form ?? '').toLowerCase();
    const usualVariant =
      form === ''
        ? sector && LIGHT_BY_DEFAULT.has(sector)
          ? 'light'
          : 'full'
        : form.startsWith('light') || form.startsWith('short')
          ? 'light'
          : form.startsWith('full')
            ? 'full'
            : null;
    if (!usualVariant)
      problems.push(`"${echo(values.Form ?? '')}" is not a form: use Full or Light`);
    const key = (values.Name ?? '').toLowerCase();
    if (key && seen.has(key))
      problems.push(`This organisation is also on line ${String(seen.get(key))}`);
    if (key) seen.set(key, line);
    let organisation: OrganisationInput | null = null;
    if (!problems.length && sector && usualVariant && subType !== 'bad') {
      const parsed = OrganisationInputSchema.safeParse({
        name: values.Name,
        sector,
        subType,
        usualVariant,
        contactName: values['Contact name'] ?? '',
        contactEmail: values['Contact email'] ?? '',
      });
      if (parsed.success) organisation = parsed.data;
      else
        problems.push(
          ...parsed.error.issues.map((x) =>
            x.path[0] === 'contactEmail' && x.code !== 'custom'
              ? 'The contact email is not a valid email address'
              : `${COLUMN_OF_FIELD[String(x.path[0])] ?? 'Row'}: ${x.message}`,
          ),
        );
    }
    return { line, values, problems, organisation };
  });
  return { rows, headerProblem: null };
}

/**
 * What a preview lists: every row of a small file; of a large one, the rows
 * with problems first (up to IMPORT_LIMITS.listedRows), the rest counted, so
 * the answer stays small whatever the file holds. Cells are cut to
 * IMPORT_LIMITS.echoedChars characters.
 */
export function previewOf(rows: ImportRow[]) {
  const bad = rows.filter((r) => r.problems.length);
  const cap = IMPORT_LIMITS.listedRows;
  const listed =
    rows.length <= cap
      ? rows
      : [...bad.slice(0, cap), ...rows.filter((r) => !r.problems.length)]
          .slice(0, cap)
          .sort((x, y) => x.line - y.line);
  const preview = listed.map((r) => ({
    line: r.line,
    values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, echo(v)])),
    problems: r.problems,
  }));
  const listedProblems = preview.filter((r) => r.problems.length).length;
  return {
    preview,
    problems: bad.length,
    unlisted: rows.length - preview.length,
    unlistedProblems: bad.length - listedProblems,
  };
}

/**
 * Queues a reminder to every organisation of the cycle that has not
 * submitted: to its people and its contact address. Says exactly how many
 * emails were queued and which organisations have nobody to email, so "sent
 * to 10 organisations (0 emails)" cannot be reported as success.
 */
async function sendReminders(c: Context<AppEnv>, db: Db, cycleId: string, partnershipId: string) {
  const { outbox, now } = c.get('deps');
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
  const t = now();
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
            subject: `Reminder: your Section 11 return is due ${cycle?.dueOn ?? ''}`,
            body: `Hello,\n\n${p?.name ?? 'Your partnership'} is waiting for ${w.o.name}'s Section 11 return for ${cycle?.name ?? 'this cycle'}, due ${cycle?.dueOn ?? ''}.\n\nSign in to S11 Portal to carry on where you left off.`,
          },
          t,
        );
        emails += 1;
      }
      await audit(
        c,
        {
          action: 'reminder_sent',
          entity: 'return',
          entityId: w.r.id,
          partnershipId,
          organisationId: w.o.id,
          detail: { recipients: w.to.length },
        },
        tx,
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
async function reminderDeliveries(db: Db, cycleId: string) {
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

export function reportRoutes() {
  return new Hono<AppEnv>()
    .get('/cycles/:id/report', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await cycleFor(c, id, 'view');
      await limitWork(c, 'reports');
      return c.json(await buildCycleReport(c.get('deps').database.db, id, c.get('deps').now()));
    })
    .get('/cycles/:id/export/:file', pathParams(ExportParam), async (c) => {
      const { id, file } = c.req.valid('param');
      const cycle = await cycleFor(c, id, 'view');
      const db = c.get('deps').database.db;
      const now = c.get('deps').now();
      await limitWork(c, 'exports');
      const summary = await buildCycleSummary(db, id, now);
      await audit(c, {
        action: 'export',
        entity: 'cycle',
        entityId: id,
        partnershipId: cycle.partnershipId,
        detail: { format: file },
      });
      const name = `${safeName(cycle.name)}-${file}`;
      c.header('Content-Disposition', `attachment; filename="${name}"`);
      if (file.endsWith('.csv')) {
        const csv = { 'Content-Type': 'text/csv; charset=utf-8' };
        if (file === 'summary.csv') return c.body(summaryCsv(summary), 200, csv);
        const lines =
          file === 'returns.csv'
            ? returnsCsv(returnRowPages(db, id))
            : actionsCsv(openActionPages(db, id, now));
        return c.body(Readable.toWeb(Readable.from(utf8(lines))) as ReadableStream, 200, csv);
      }
      const stream =
        file === 'workbook.xlsx'
          ? workbookStream(summary, returnRowPages(db, id), openActionPages(db, id, now))
          : pdfStream(summary);
      const type =
        file === 'workbook.xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'application/pdf';
      return c.body(Readable.toWeb(stream) as ReadableStream, 200, { 'Content-Type': type });
    })
    .post('/cycles/:id/reminders', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const cycle = await cycleFor(c, id, 'manage');
      return c.json(await sendReminders(c, c.get('deps').database.db, id, cycle.partnershipId));
    })
    .get('/cycles/:id/reminders', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await cycleFor(c, id, 'manage');
      return c.json({ reminders: await reminderDeliveries(c.get('deps').database.db, id) });
    })
    .get('/partnerships/:pid/organisations/template.csv', pathParams(PidParam), async (c) => {
      const { pid } = c.req.valid('param');
      await requirePartnership(c, pid, 'view');
      c.header('Content-Disposition', 'attachment; filename="organisations-template.csv"');
      return c.body(
        toCsv([
          [...IMPORT_COLUMNS],
          [
            'Northbridge Hospitals NHS Foundation Trust',
            'Health',
            '',
            'Full',
            'Priya Shah',
            'dsl@trust.example',
          ],
          [
            'Little Acorns Day Nursery',
            'Early years',
            'Private day nursery',
            'Light',
            'Jo Bennett',
            'jo@nursery.example',
          ],
        ]),
        200,
        { 'Content-Type': 'text/csv; charset=utf-8' },
      );
    })
    .post(
      '/partnerships/:pid/organisations/import',
      pathParams(PidParam),
      jsonBody(ImportSchema),
      async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const { csv, dryRun } = c.req.valid('json');
        const { rows, headerProblem } = checkImport(csv);
        if (headerProblem)
          throw new HttpProblem(422, 'The file does not have the right columns', headerProblem, [
            { path: 'csv', message: headerProblem },
          ]);
        const { preview, problems, unlisted, unlistedProblems } = previewOf(rows);
        const listing = { total: rows.length, problems, rows: preview, unlisted, unlistedProblems };
        if (dryRun) return c.json({ saved: 0, ...listing });
        if (problems > 0 || rows.length === 0) {
          // Nothing half-imported: a file with any problem saves nothing.
          throw new HttpProblem(
            422,
            'Nothing was imported',
            rows.length
              ? `${String(problems)} row(s) have problems. Fix them and import again.`
              : 'The file has no organisations.',
            [
              ...preview
                .filter((r) => r.problems.length)
                .map((r) => ({ path: `line ${String(r.line)}`, message: r.problems.join('; ') })),
              ...(unlistedProblems
                ? [
                    {
                      path: 'csv',
                      message: `and ${String(unlistedProblems)} more row(s) with problems`,
                    },
                  ]
                : []),
            ],
          );
        }
        const db = c.get('deps').database.db;
        await db.transaction(async (tx) => {
          for (const r of rows) {
            const id = crypto.randomUUID();
            if (!r.organisation) continue;
            await tx.insert(organisations).values({ id, ...r.organisation });
            await tx
              .insert(organisationPartnerships)
              .values({ organisationId: id, partnershipId: pid });
          }
        });
        await audit(c, {
          action: 'organisation_created',
          entity: 'import',
          partnershipId: pid,
          detail: { rows: rows.length },
        });
        return c.json({ saved: rows.length, ...listing }, 201);
      },
    );
}
