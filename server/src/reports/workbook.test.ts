/**
 * The workbook an analyst expects (issue 16): frozen, filtered header rows,
 * sized columns, typed cells (counts, percentages, dates) with formats,
 * display labels instead of codes, standards named, and the sheets that let
 * an analyst count what the answers say: light-form checks (one row per
 * return and check), free text with the partnership's comments, sign-off
 * dates and last cycle's ratings per organisation.
 */
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARDS, checkPath, fieldLabel } from '@s11/shared';
import { moderations, returns, standardResponses } from '../db/schema';
import { buildCycleSummary, openActionPages } from './report-data';
import { workbookStream } from './workbook';
import {
  client,
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
} from '../testing';

let t: TestContext;
let manager: ApiClient;
let cycleId: string;
let wb: ExcelJS.Workbook;

const greens = Array<string>(8).fill('green');
/** Standards as the workbook names them: number and title. */
const s1 = `1. ${STANDARDS[0]?.title ?? ''}`;
const s2 = `2. ${STANDARDS[1]?.title ?? ''}`;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const w = await world(db);
  manager = await client(t.app).login(w.people.managerA.email);
  const trust = await createOrganisation(db, [w.pA.id], {
    name: 'Riverside NHS Trust',
    sector: 'health',
  });
  const nursery = await createOrganisation(db, [w.pA.id], {
    name: 'Little Acorns',
    sector: 'early_years',
    subType: 'private_day_nursery',
  });
  const last = await createCycle(db, w.pA.id, [], {
    name: 'Audit 2025-26',
    opensOn: '2025-10-01',
    dueOn: '2026-01-31',
  });
  await createRatedReturn(db, last.id, trust.id, ['amber', ...greens.slice(1)]);
  const cycle = await createCycle(db, w.pA.id, [], {
    name: 'Audit 2026-27',
    opensOn: '2026-10-01',
    dueOn: '2027-01-31',
  });
  cycleId = cycle.id;
  const full = await createRatedReturn(db, cycleId, trust.id, greens, {
    moderated: ['amber', null, null, null, null, null, null, null],
  });
  await db
    .update(returns)
    .set({
      signOff: {
        name: 'Dr Asha Patel',
        jobTitle: 'Chief Nurse',
        declaration: true,
        userId: w.people.managerA.id,
        signedAt: '2027-01-20T10:15:00.000Z',
      },
    })
    .where(eq(returns.id, full));
  await db
    .update(moderations)
    .set({ comment: '=HYPERLINK("http://evil.example") evidence thin on supervision' })
    .where(eq(moderations.returnId, full));
  await db
    .update(standardResponses)
    .set({ currentPractice: 'Named lead and deputy; quarterly reports to the board.' })
    .where(eq(standardResponses.returnId, full));
  const light = await createRatedReturn(db, cycleId, nursery.id, greens);
  await db.update(returns).set({ variant: 'light' }).where(eq(returns.id, light));
  await db
    .update(standardResponses)
    .set({
      currentPractice: '',
      evidence: '',
      checks: {
        'l1-owner': { answer: 'yes', note: '' },
        'l1-whistleblowing': { answer: 'no', note: 'Policy being written' },
      },
    })
    .where(eq(standardResponses.returnId, light));

  const res = await t.app.request(`/api/cycles/${cycleId}/export/workbook.xlsx`, {
    headers: { cookie: manager.cookie },
  });
  expect(res.status).toBe(200);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
});
afterAll(() => t.close());

const sheet = (name: string) => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
};
const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
/** The data rows as objects keyed by header. */
function records(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const h = header(ws) as string[];
  const out: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(h.map((k, i) => [k, row.getCell(i + 1).value])));
  });
  return out;
}

describe('the workbook', () => {
  it('freezes, filters and bolds every header row, and sizes every column', () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, ws.name).toBeTruthy();
      expect(ws.getRow(1).font?.bold, ws.name).toBe(true);
      for (let i = 1; i <= header(ws).length; i++)
        expect(ws.getColumn(i).width, `${ws.name} column ${String(i)}`).toBeGreaterThanOrEqual(10);
    }
  });

  it('writes dates as dates in UK form, and shares as percentages', () => {
    const about = records(sheet('About'));
    const due = about.find((r) => r.What === 'Returns due');
    expect(due?.Date).toEqual(new Date(Date.UTC(2027, 0, 31)));
    expect(sheet('About').getColumn(3).numFmt).toBe('d mmmm yyyy');
    const rates = sheet('Return rates');
    expect(rates.getColumn(4).numFmt).toBe('0.0%');
    expect(records(rates)[0]).toMatchObject({
      Sector: 'All sectors',
      Invited: 2,
      Returned: 2,
      'Return rate': 1,
    });
  });

  it('lists every return with display labels, its sign-off, and last cycle’s ratings', () => {
    const rs = records(sheet('Returns'));
    const trust = rs.find((r) => r.Organisation === 'Riverside NHS Trust');
    expect(trust).toMatchObject({
      Form: 'Full form',
      Status: 'Submitted',
      'Signed off by': 'Dr Asha Patel',
      'Job title': 'Chief Nurse',
      'Signed off on': new Date(Date.UTC(2027, 0, 20)),
      [`${s1}: self-rated`]: 'Green',
      [`${s1}: moderated`]: 'Amber',
      [`${s1}: Audit 2025-26`]: 'Amber',
      [`${s2}: Audit 2025-26`]: 'Green',
    });
    const nursery = rs.find((r) => r.Organisation === 'Little Acorns');
    expect(nursery).toMatchObject({
      Form: 'Light form',
      Type: 'Private day nursery',
      'Signed off by': null,
      [`${s1}: Audit 2025-26`]: 'Not in that cycle',
    });
    // No code reaches a reader.
    for (const r of rs)
      for (const v of Object.values(r)) if (typeof v === 'string') expect(v).not.toMatch(/_/);
  });

  it('gives one row per light-form return and check, so answers can be counted', () => {
    const rows = records(sheet('Light form answers')).filter((r) => r.Standard === s1);
    expect(rows).toEqual([
      {
        Organisation: 'Little Acorns',
        Sector: 'Early years',
        Type: 'Private day nursery',
        Standard: s1,
        Check: fieldLabel(checkPath('l1-owner')),
        Answer: 'Yes',
        Note: null,
      },
      {
        Organisation: 'Little Acorns',
        Sector: 'Early years',
        Type: 'Private day nursery',
        Standard: s1,
        Check: fieldLabel(checkPath('l1-whistleblowing')),
        Answer: 'No',
        Note: 'Policy being written',
      },
    ]);
  });

  it('gathers the free text, the partnership’s comments included, with formulas neutralised', () => {
    const text = records(sheet('Free text'));
    expect(text).toContainEqual({
      Organisation: 'Riverside NHS Trust',
      Sector: expect.any(String) as string,
      Standard: s1,
      'Written by': 'Partnership',
      Field: 'Moderation comment',
      Text: `'=HYPERLINK("http://evil.example") evidence thin on supervision`,
    });
    expect(text).toContainEqual(
      expect.objectContaining({
        Organisation: 'Little Acorns',
        Field: `Note: ${fieldLabel(checkPath('l1-whistleblowing'))}`,
        Text: 'Policy being written',
      }),
    );
    expect(
      text.filter(
        (r) => r.Organisation === 'Riverside NHS Trust' && r.Field === 'Current practice',
      ),
    ).toHaveLength(8);
  });

  it('leaves the answer sheets empty, saying why, for a cycle too large for one workbook', async () => {
    const db = t.database.db;
    const summary = await buildCycleSummary(db, cycleId);
    const stream = workbookStream(db, summary, openActionPages(db, cycleId, new Date()), {
      answerSheetsMaxReturns: 1,
    });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const big = new ExcelJS.Workbook();
    await big.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    for (const name of ['Light form answers', 'Free text']) {
      const ws = big.getWorksheet(name);
      expect(ws?.rowCount, name).toBe(2);
      expect(ws?.getRow(2).getCell(1).text).toMatch(
        /^This cycle has 2 returns: too many answers for one workbook/,
      );
    }
    // The other sheets are whole.
    expect(big.getWorksheet('Returns')?.rowCount).toBe(3);
  });
});
