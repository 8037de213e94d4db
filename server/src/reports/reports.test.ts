import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { CycleReportSchema, CycleReturnsSchema, RollupSchema, type Rollup } from '@s11/shared';
import { auditLog, organisations, users } from '../db/schema';
import {
  client,
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';
import { parseCsv, BOM } from './csv';

let t: TestContext;
let w: World;
let manager: ApiClient;
let viewer: ApiClient;
let cycleId: string;

async function fetchBytes(
  c: ApiClient,
  path: string,
): Promise<{ status: number; bytes: Buffer; type: string }> {
  const res = await t.app.request(path, { headers: { cookie: c.cookie } });
  return {
    status: res.status,
    bytes: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get('content-type') ?? '',
  };
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    parts.push(content.items.map((x) => ('str' in x ? x.str : '')).join(' '));
  }
  return parts.join('\n');
}

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
  viewer = await client(t.app).login(w.people.viewerA.email);
  // The seeds' 2024-25 figure: 32 returns x 8 standards = 224 Green, 24 Amber, 8 Not rated.
  const cycle = await createCycle(t.database.db, w.pA.id, [], {
    name: 'Audit 2027-28',
    opensOn: '2027-10-01',
    dueOn: '2028-01-31',
  });
  cycleId = cycle.id;
  for (let i = 0; i < 32; i++) {
    const sector = i < 12 ? 'health' : i < 24 ? 'schools_colleges' : 'early_years';
    const org = await createOrganisation(t.database.db, [w.pA.id], {
      name: i === 0 ? '=HYPERLINK("http://evil.example","click")' : `Org ${String(i)}, "quoted"`,
      sector,
      subType: sector === 'early_years' ? (i % 2 ? 'childminder' : 'private_day_nursery') : null,
    });
    const rags =
      i < 24
        ? Array(8).fill('green')
        : ['green', 'green', 'green', 'green', 'amber', 'amber', 'amber', 'not_rated'];
    await createRatedReturn(t.database.db, cycleId, org.id, rags, {
      actions:
        i >= 24 ? [{ standard: 5, what: '+1 more training session', dueOn: '2020-01-01' }] : [],
      moderated: i === 1 ? ['amber', null, null, null, null, null, null, null] : [],
    });
  }
  // Two invited organisations that have not returned.
  for (const status of ['not_started', 'in_progress'] as const) {
    const org = await createOrganisation(t.database.db, [w.pA.id], {
      name: `Late ${status}`,
      sector: 'faith',
    });
    await createRatedReturn(t.database.db, cycleId, org.id, [], { status });
  }
});
afterAll(() => t.close());

describe('the cycle report', () => {
  it('gives the seeds’ 87.5 / 9.4 / 3.1 from the shared roll-up, with return rates and early-years findings', async () => {
    const res = await viewer.get<{
      rollup: Rollup;
      returnRates: { sector: string; invited: number; returned: number; percent: number }[];
      earlyYears: {
        returned: number;
        withActions: number;
        percentWithActions: number;
        themes: { standard: number }[];
      };
      actions: { overdue: number };
      previous: { cycle: { name: string } } | null;
    }>(`/api/cycles/${cycleId}/report`);
    expect(res.status).toBe(200);
    // The answer is exactly what the OpenAPI document promises (strict: no field unnamed).
    expect(CycleReportSchema.safeParse(res.body).error).toBeUndefined();
    const rollup = await viewer.get(`/api/cycles/${cycleId}/rollup`);
    expect(RollupSchema.parse(rollup.body)).toEqual(res.body.rollup);
    expect(res.body.rollup.self.overall.percent).toEqual({
      green: 87.5,
      amber: 9.4,
      red: 0,
      not_rated: 3.1,
    });
    expect(res.body.rollup.moderated.overall.counts).toEqual({
      green: 223,
      amber: 25,
      red: 0,
      not_rated: 8,
    });
    expect(res.body.returnRates.find((r) => r.sector === 'all')).toEqual({
      sector: 'all',
      invited: 34,
      returned: 32,
      percent: 94.1,
    });
    expect(res.body.returnRates.find((r) => r.sector === 'faith')).toMatchObject({
      invited: 2,
      returned: 0,
      percent: 0,
    });
    expect(res.body.earlyYears).toMatchObject({
      returned: 8,
      withActions: 8,
      percentWithActions: 100,
    });
    expect(res.body.earlyYears.themes[0]?.standard).toBe(5);
    expect(res.body.actions.overdue).toBe(8);
    expect(res.body.previous?.cycle.name).toBe('Audit 2026-27');
  });
});

describe('exports', () => {
  it('summary.csv: RFC 4180 with a BOM, and the same figures', async () => {
    const { status, bytes, type } = await fetchBytes(
      viewer,
      `/api/cycles/${cycleId}/export/summary.csv`,
    );
    expect(status).toBe(200);
    expect(type).toBe('text/csv; charset=utf-8');
    const text = bytes.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toContain('\r\n');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['Basis', 'View', 'Sector', 'Standard', 'Rating', 'Count', 'Percent']);
    const overall = rows.filter((r) => r[0] === 'Self-rated' && r[1] === 'Overall');
    expect(overall.map((r) => [r[4], r[5], r[6]])).toEqual([
      ['Green', '224', '87.5'],
      ['Amber', '24', '9.4'],
      ['Red', '0', '0.0'],
      ['Not rated', '8', '3.1'],
    ]);
  });

  it('returns.csv: neutralises formulas and survives quotes and commas', async () => {
    const rows = parseCsv(
      (await fetchBytes(manager, `/api/cycles/${cycleId}/export/returns.csv`)).bytes.toString(
        'utf8',
      ),
    );
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toContain('\'=HYPERLINK("http://evil.example","click")');
    expect(names).toContain('Org 5, "quoted"');
    expect(rows.find((r) => r[0] === 'Org 30, "quoted"')?.slice(6, 14)).toEqual([
      'Green',
      'Green',
      'Green',
      'Green',
      'Amber',
      'Amber',
      'Amber',
      'Not rated',
    ]);
    const actionsCsv = parseCsv(
      (await fetchBytes(manager, `/api/cycles/${cycleId}/export/actions.csv`)).bytes.toString(
        'utf8',
      ),
    );
    expect(actionsCsv[1]?.[3]).toBe("'+1 more training session");
    // Words and UK dates, never codes or ISO dates.
    expect(actionsCsv[1]?.slice(5, 7)).toEqual(['1 January 2020', 'Not started']);
  });

  it('workbook.xlsx: the same figures as the roll-up, typed (counts as numbers, shares as percentages)', async () => {
    const { status, bytes } = await fetchBytes(
      viewer,
      `/api/cycles/${cycleId}/export/workbook.xlsx`,
    );
    expect(status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'About',
      'Summary',
      'Return rates',
      'By sector',
      'By standard',
      'Early years',
      'Returns',
      'Open actions',
      'Light form answers',
      'Free text',
    ]);
    const self = wb.getWorksheet('Summary')?.getRow(2);
    // Figure, basis, ratings, then count and share for Green, Amber, Red, Not rated.
    expect((self?.values as unknown[]).slice(1)).toEqual([
      'All ratings',
      'Self-rated',
      256,
      224,
      0.875,
      24,
      0.094,
      0,
      0,
      8,
      0.031,
    ]);
    expect(self?.getCell(5).numFmt).toBe('0.0%');
    expect(wb.getWorksheet('Returns')?.rowCount).toBe(35);
    expect(wb.getWorksheet('Open actions')?.rowCount).toBe(9);
  });

  it('report.pdf: a board summary whose text carries the same figures', async () => {
    const { status, bytes, type } = await fetchBytes(
      viewer,
      `/api/cycles/${cycleId}/export/report.pdf`,
    );
    expect(status).toBe(200);
    expect(type).toBe('application/pdf');
    const text = await pdfText(bytes);
    expect(text).toContain('Section 11 compliance summary');
    expect(text).toContain('87.5% (224)');
    expect(text).toContain('9.4% (24)');
    expect(text).toContain('3.1% (8)');
    expect(text).toContain('Key areas for development');
    expect(text).toContain('Compared with Audit 2026-27');
  });

  it('records every export in the audit log, and refuses people outside the partnership', async () => {
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'export'));
    expect(new Set(rows.map((r) => (r.detail as { format: string }).format))).toEqual(
      new Set(['summary.csv', 'returns.csv', 'actions.csv', 'workbook.xlsx', 'report.pdf']),
    );
    const editor = await client(t.app).login(w.people.editorA1.email);
    expect((await fetchBytes(editor, `/api/cycles/${cycleId}/export/report.pdf`)).status).toBe(404);
    const other = await client(t.app).login(w.people.managerB.email);
    expect((await fetchBytes(other, `/api/cycles/${cycleId}/export/summary.csv`)).status).toBe(404);
  });
});

describe('organisation import', () => {
  const header = 'Name,Sector,Type,Form,Contact name,Contact email';
  it('offers a template that imports cleanly', async () => {
    const template = (
      await fetchBytes(manager, `/api/partnerships/${w.pA.id}/organisations/template.csv`)
    ).bytes.toString('utf8');
    const res = await manager.post<{ rows: { problems: string[] }[]; problems: number }>(
      `/api/partnerships/${w.pA.id}/organisations/import`,
      { csv: template, dryRun: true },
    );
    expect(res.status).toBe(200);
    expect(res.body.problems).toBe(0);
    expect(res.body.rows).toHaveLength(2);
  });

  it('previews each row’s problems in plain words and saves nothing while any row is wrong', async () => {
    const csv = [
      header,
      'Good Club,Sport and leisure,,Light,,',
      ',Health,,Full,,',
      'Space Org,Outer space,,Full,,',
      'Nursery X,Early years,Zoo,Light,,',
      'Bad Email,Faith,,Light,Pat,not-an-email',
      'Good Club,Sport and leisure,,Light,,',
    ].join('\r\n');
    const preview = await manager.post<{
      rows: { line: number; problems: string[] }[];
      problems: number;
    }>(`/api/partnerships/${w.pA.id}/organisations/import`, { csv, dryRun: true });
    expect(preview.body.problems).toBe(5);
    const byLine = Object.fromEntries(preview.body.rows.map((r) => [r.line, r.problems]));
    expect(byLine[2]).toEqual([]);
    expect(byLine[3]).toEqual(['The name is missing']);
    expect(byLine[4]?.[0]).toMatch(/^"Outer space" is not a sector/);
    expect(byLine[5]).toEqual(['"Zoo" is not a type of Early years organisation']);
    expect(byLine[6]).toEqual(['The contact email is not a valid email address']);
    expect(byLine[7]).toEqual(['This organisation is also on line 2']);
    const before = (await t.database.db.select().from(organisations)).length;
    const save = await manager.post(`/api/partnerships/${w.pA.id}/organisations/import`, {
      csv,
      dryRun: false,
    });
    expect(save.status).toBe(422);
    expect((await t.database.db.select().from(organisations)).length).toBe(before);
  });

  it('imports every row in one go when all are right', async () => {
    const csv = [
      header,
      'Riverside Scouts,Voluntary and community,,,Sam,sam@scouts.example',
      'Oak Childminding,early_years,childminder,light,,',
    ].join('\n');
    const res = await manager.post<{ saved: number }>(
      `/api/partnerships/${w.pA.id}/organisations/import`,
      { csv, dryRun: false },
    );
    expect(res.status).toBe(201);
    expect(res.body.saved).toBe(2);
    const list = await manager.get<{
      organisations: { name: string; usualVariant: string; subType: string | null }[];
    }>(`/api/partnerships/${w.pA.id}/organisations`);
    expect(list.body.organisations.find((o) => o.name === 'Riverside Scouts')?.usualVariant).toBe(
      'light',
    );
    expect(list.body.organisations.find((o) => o.name === 'Oak Childminding')?.subType).toBe(
      'childminder',
    );
  });

  it('explains a file without the right columns', async () => {
    const res = await manager.post<{ errors: { path: string; message: string }[] }>(
      `/api/partnerships/${w.pA.id}/organisations/import`,
      { csv: 'foo,bar\n1,2', dryRun: true },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.message).toContain('Download the template');
  });
});

describe('reminders', () => {
  it('email every organisation that has not submitted, and are audited', async () => {
    const res = await manager.post<{ organisations: number; emails: number }>(
      `/api/cycles/${w.cycleA.id}/reminders`,
    );
    expect(res.status).toBe(200);
    expect(res.body.organisations).toBe(2);
    const mail = await manager.get<{ mail: { to: string; subject: string }[] }>(
      `/api/partnerships/${w.pA.id}/mailbox`,
    );
    expect(
      mail.body.mail
        .filter((m) => m.subject.startsWith('Reminder'))
        .map((m) => m.to)
        .sort(),
    ).toEqual(['editor-a1@example.org', 'editor-a2@example.org', 'signatory-a1@example.org']);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'reminder_sent'));
    expect(audits).toHaveLength(2);
    expect((await viewer.post(`/api/cycles/${w.cycleA.id}/reminders`)).status).toBe(403);
  });

  it("say the due date in words, and the tracker shows each return's last reminder and progress", async () => {
    const mail = await manager.get<{ mail: { subject: string }[] }>(
      `/api/partnerships/${w.pA.id}/mailbox`,
    );
    expect(mail.body.mail.find((m) => m.subject.startsWith('Reminder'))?.subject).toBe(
      'Reminder: your Section 11 return is due 31 January 2027',
    );
    const tracker = await viewer.get<unknown>(`/api/cycles/${w.cycleA.id}/returns`);
    const parsed = CycleReturnsSchema.parse(tracker.body);
    expect(parsed.returns.map((r) => r.lastRemindedAt !== null)).toEqual([true, true]);
    expect(parsed.returns.map((r) => r.completedStandards)).toEqual([0, 0]);
    const rated = CycleReturnsSchema.parse(
      (await viewer.get<unknown>(`/api/cycles/${cycleId}/returns`)).body,
    );
    // Every rated return was written with its 8 standards completed, and none was reminded.
    expect(rated.returns.every((r) => r.completedStandards === 8)).toBe(true);
    expect(rated.returns.find((r) => r.organisationName === 'Late in_progress')).toMatchObject({
      lastRemindedAt: null,
      contactEmail: expect.any(String) as string,
    });
  });
  it('say how many emails were queued and which organisations have nobody to email', async () => {
    // Nobody left at A2: its only person is disabled and it has no contact address.
    await t.database.db
      .update(users)
      .set({ disabled: true })
      .where(eq(users.email, 'editor-a2@example.org'));
    const res = await manager.post<{
      organisations: number;
      reminded: number;
      emails: number;
      withoutAddress: { id: string; name: string }[];
    }>(`/api/cycles/${w.cycleA.id}/reminders`);
    expect(res.body).toMatchObject({
      organisations: 2,
      reminded: 1,
      emails: 2,
      withoutAddress: [{ id: w.orgA2.id, name: w.orgA2.name }],
    });
    const list = await manager.get<{
      reminders: { organisationId: string; to: string; delivery: { state: string } }[];
    }>(`/api/cycles/${w.cycleA.id}/reminders`);
    expect(list.status).toBe(200);
    // The latest round first: two emails for A1, each delivered (the development mailbox).
    expect(
      list.body.reminders.slice(0, 2).map((r) => [r.organisationId, r.delivery.state]),
    ).toEqual([
      [w.orgA1.id, 'sent'],
      [w.orgA1.id, 'sent'],
    ]);
  });
});
