/**
 * The Excel workbook an analyst expects (issue 16): every sheet with its
 * header row frozen and filtered, columns sized, counts as numbers,
 * percentages and dates as typed cells with formats, display labels rather
 * than codes, and each standard named. Sheets: the summary, by sector, by
 * standard, early years, every return (sign-off and last cycle's ratings
 * included), every open action, the light form's check answers (one row per
 * return and check) and the free text (answers, notes, the partnership's
 * comments).
 *
 * Written with exceljs's streaming writer, row by row and page by page, so a
 * national-scale cycle never holds the whole workbook in memory (figure 7).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  ACTION_STATUS_LABELS,
  CHECK_ANSWER_LABELS,
  RAG_SCALE,
  RAG_VALUES,
  RETURN_STATUS_LABELS,
  STANDARDS,
  STANDARD_FIELD_LABELS,
  STANDARD_NUMBERS,
  VARIANT_LABELS,
  checkPath,
  fieldLabel,
  sectorLabel,
  subTypeLabel,
  type Distribution,
  type Rag,
  type SubType,
} from '@s11/shared';
import type { Db } from '../db/client';
import type { ActionRow, CycleSummary } from './report-data';
import { neutralise } from './csv';
import { returnDetailPages, standardAnswerPages } from './workbook-data';

/** How a column's values are written: the cell type and its number format. */
type Kind = 'text' | 'long' | 'count' | 'percent' | 'date';
interface Col {
  header: string;
  kind?: Kind;
  /** Width in characters; each kind has a default. */
  width?: number;
}
type Cell = string | number | null;

const WIDTH: Record<Kind, number> = { text: 24, long: 60, count: 10, percent: 11, date: 16 };
const FORMAT: Partial<Record<Kind, string>> = {
  count: '#,##0',
  percent: '0.0%',
  date: 'd mmmm yyyy',
};

/** A date-only or ISO timestamp string as the date cell it names (midnight UTC, as Excel counts). */
function dateCell(v: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : v;
}

function cellValue(kind: Kind, v: Cell): ExcelJS.CellValue {
  if (v === null || v === '') return null;
  switch (kind) {
    case 'percent':
      // The report's percentages are 0 to 100 with one decimal: a cell holds the fraction.
      return typeof v === 'number' ? Math.round(v * 10) / 1000 : v;
    case 'date':
      return typeof v === 'string' ? dateCell(v) : v;
    case 'text':
    case 'long':
      return typeof v === 'string' ? neutralise(v) : v;
    case 'count':
      return v;
  }
}

/** A sheet with its header row frozen, bold and filtered, and its columns sized and formatted. */
function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, cols: readonly Col[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => {
    const kind = c.kind ?? 'text';
    const numFmt = FORMAT[kind];
    return {
      header: c.header,
      width: c.width ?? WIDTH[kind],
      style: {
        ...(numFmt ? { numFmt } : {}),
        ...(kind === 'long' ? { alignment: { wrapText: true, vertical: 'top' as const } } : {}),
      },
    };
  });
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  return {
    add(values: readonly Cell[]) {
      ws.addRow(values.map((v, i) => cellValue(cols[i]?.kind ?? 'text', v))).commit();
    },
    commit: () => ws.commit(),
  };
}

const standardName = (n: number) => `${String(n)}. ${STANDARDS[n - 1]?.title ?? ''}`;
const ragName = (r: Rag | null) => (r ? RAG_SCALE[r].label : '');

const DIST_COLS: Col[] = [
  { header: 'Ratings', kind: 'count' },
  ...RAG_VALUES.flatMap((r): Col[] => [
    { header: `${RAG_SCALE[r].label} (count)`, kind: 'count', width: 14 },
    { header: `${RAG_SCALE[r].label} (%)`, kind: 'percent', width: 14 },
  ]),
];
const distCells = (d: Distribution): Cell[] => [
  d.total,
  ...RAG_VALUES.flatMap((r) => [d.counts[r], d.percent[r]]),
];

/**
 * The answer sheets (light-form checks, free text) hold a row per answer:
 * about ten per return. Up to this many returns they are written; above it
 * (a national-scale cycle, far beyond any one partnership's few thousand
 * organisations) they would pass Excel's 1,048,576 rows a sheet and make the
 * download many times the CSV's time, so each says why it is empty instead.
 */
export const ANSWER_SHEETS_MAX_RETURNS = 10_000;

/** Bytes the reader may fall behind by before the writer waits for it. */
const BACKLOG = 4 * 2 ** 20;

/**
 * Waits until the reader has taken most of what is written: exceljs does not
 * observe backpressure itself, so without this a slow download would buffer
 * the whole workbook in memory.
 */
async function drained(out: PassThrough) {
  while (out.readableLength > BACKLOG && !out.destroyed)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

export function workbookStream(
  db: Db,
  report: CycleSummary,
  openActions: AsyncIterable<readonly ActionRow[]>,
  { answerSheetsMaxReturns = ANSWER_SHEETS_MAX_RETURNS } = {},
): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'S11 Portal';
  wb.title = `${report.partnership.name}: ${report.cycle.name}`;
  const previous = report.previous;
  const returnCount = report.returnRates.find((r) => r.sector === 'all')?.invited ?? 0;
  const answersFit = returnCount <= answerSheetsMaxReturns;
  const tooMany = `This cycle has ${returnCount.toLocaleString('en-GB')} returns: too many answers for one workbook (more than ${answerSheetsMaxReturns.toLocaleString('en-GB')} returns). Ask your administrator for an export from the database.`;
  void (async () => {
    const about = sheet(wb, 'About', [
      { header: 'What', width: 30 },
      { header: 'Detail', width: 50 },
      { header: 'Date', kind: 'date' },
    ]);
    about.add(['Partnership', report.partnership.name, null]);
    about.add(['Cycle', report.cycle.name, null]);
    about.add(['Cycle opened', null, report.cycle.opensOn]);
    about.add(['Returns due', null, report.cycle.dueOn]);
    about.add(['Figures generated', null, report.generatedAt]);
    if (previous)
      about.add([
        'Compared with (the last closed cycle)',
        `${previous.cycle.name}: ${String(previous.inBoth)} organisations invited to both`,
        null,
      ]);
    about.commit();

    const summary = sheet(wb, 'Summary', [
      { header: 'Figure', width: 40 },
      { header: 'Basis', width: 16 },
      ...DIST_COLS,
    ]);
    summary.add(['All ratings', 'Self-rated', ...distCells(report.rollup.self.overall)]);
    summary.add(['All ratings', 'Moderated', ...distCells(report.rollup.moderated.overall)]);
    if (previous)
      summary.add([
        `All ratings, ${previous.cycle.name}`,
        'Self-rated',
        ...distCells(previous.rollup.self.overall),
      ]);
    summary.commit();

    const rates = sheet(wb, 'Return rates', [
      { header: 'Sector', width: 34 },
      { header: 'Invited', kind: 'count' },
      { header: 'Returned', kind: 'count' },
      { header: 'Return rate', kind: 'percent', width: 13 },
    ]);
    for (const r of report.returnRates)
      rates.add([
        r.sector === 'all' ? 'All sectors' : sectorLabel(r.sector),
        r.invited,
        r.returned,
        r.percent,
      ]);
    rates.commit();

    const bySector = sheet(wb, 'By sector', [
      { header: 'Sector', width: 34 },
      { header: 'Basis', width: 12 },
      ...DIST_COLS,
    ]);
    for (const basis of ['self', 'moderated'] as const)
      for (const [s, d] of Object.entries(report.rollup[basis].bySector))
        bySector.add([
          sectorLabel(s as never),
          basis === 'self' ? 'Self-rated' : 'Moderated',
          ...distCells(d),
        ]);
    bySector.commit();

    const byStandard = sheet(wb, 'By standard', [
      { header: 'Standard', width: 44 },
      { header: 'Basis', width: 12 },
      ...DIST_COLS,
    ]);
    for (const n of STANDARD_NUMBERS) {
      byStandard.add([
        standardName(n),
        'Self-rated',
        ...distCells(report.rollup.self.byStandard[n]),
      ]);
      byStandard.add([
        standardName(n),
        'Moderated',
        ...distCells(report.rollup.moderated.byStandard[n]),
      ]);
      if (previous)
        byStandard.add([
          standardName(n),
          `Self-rated, ${previous.cycle.name}`,
          ...distCells(previous.rollup.self.byStandard[n]),
        ]);
    }
    byStandard.commit();

    const ey = report.earlyYears;
    const early = sheet(wb, 'Early years', [
      { header: 'Setting type', width: 34 },
      { header: 'Invited', kind: 'count' },
      { header: 'Returned', kind: 'count' },
      { header: 'Return rate', kind: 'percent', width: 13 },
    ]);
    for (const t of ey.bySettingType)
      early.add([
        t.subType === 'unspecified' ? 'Type not given' : subTypeLabel(t.subType as SubType),
        t.invited,
        t.returned,
        t.invited ? (100 * t.returned) / t.invited : 0,
      ]);
    early.add([]);
    early.add([
      'Settings that identified actions',
      ey.withActions,
      ey.returned,
      ey.percentWithActions,
    ]);
    for (const t of ey.themes)
      early.add([`Settings with actions on ${standardName(t.standard)}`, t.settings, ey.returned]);
    early.commit();

    const rs = sheet(wb, 'Returns', [
      { header: 'Organisation', width: 36 },
      { header: 'Sector', width: 30 },
      { header: 'Type', width: 26 },
      { header: 'Form', width: 12 },
      { header: 'Status', width: 22 },
      { header: 'Signed off by', width: 24 },
      { header: 'Job title', width: 24 },
      { header: 'Signed off on', kind: 'date' },
      { header: 'Last change', kind: 'date' },
      ...STANDARD_NUMBERS.map((n): Col => ({
        header: `${standardName(n)}: self-rated`,
        width: 16,
      })),
      ...STANDARD_NUMBERS.map((n): Col => ({ header: `${standardName(n)}: moderated`, width: 16 })),
      ...(previous
        ? STANDARD_NUMBERS.map((n): Col => ({
            header: `${standardName(n)}: ${previous.cycle.name}`,
            width: 16,
          }))
        : []),
    ]);
    for await (const page of returnDetailPages(db, report.cycle.id, previous?.cycle.id ?? null)) {
      for (const r of page)
        rs.add([
          r.organisation,
          sectorLabel(r.sector),
          r.subType ? subTypeLabel(r.subType as SubType) : '',
          VARIANT_LABELS[r.variant],
          RETURN_STATUS_LABELS[r.status],
          r.signOff?.name ?? '',
          r.signOff?.jobTitle ?? '',
          r.signOff?.signedAt ?? null,
          r.updatedAt,
          ...r.self.map(ragName),
          ...r.moderated.map(ragName),
          ...(previous
            ? STANDARD_NUMBERS.map((n) =>
                r.previousSelf ? ragName(r.previousSelf[n - 1] ?? null) : 'Not in that cycle',
              )
            : []),
        ]);
      await drained(out);
    }
    rs.commit();

    const as = sheet(wb, 'Open actions', [
      { header: 'Organisation', width: 36 },
      { header: 'Sector', width: 30 },
      { header: 'Standard', width: 44 },
      { header: 'Action', kind: 'long' },
      { header: 'Who will do it', width: 24 },
      { header: 'Due', kind: 'date' },
      { header: 'Status', width: 14 },
      { header: 'Overdue', width: 10 },
    ]);
    for await (const page of openActions) {
      for (const a of page)
        as.add([
          a.organisation,
          sectorLabel(a.sector),
          standardName(a.standard),
          a.what,
          a.owner,
          a.dueOn,
          ACTION_STATUS_LABELS[a.status],
          a.overdue ? 'Yes' : 'No',
        ]);
      await drained(out);
    }
    as.commit();

    const checks = sheet(wb, 'Light form answers', [
      { header: 'Organisation', width: 36 },
      { header: 'Sector', width: 30 },
      { header: 'Type', width: 26 },
      { header: 'Standard', width: 44 },
      { header: 'Check', kind: 'long' },
      { header: 'Answer', width: 12 },
      { header: 'Note', kind: 'long' },
    ]);
    if (!answersFit) checks.add([tooMany]);
    else
      for await (const page of standardAnswerPages(db, report.cycle.id, { lightOnly: true })) {
        for (const s of page)
          for (const [id, c] of Object.entries(s.checks))
            checks.add([
              s.organisation,
              sectorLabel(s.sector),
              s.subType ? subTypeLabel(s.subType as SubType) : '',
              standardName(s.standard),
              fieldLabel(checkPath(id)),
              c.answer ? CHECK_ANSWER_LABELS[c.answer] : 'Not answered',
              c.note,
            ]);
        await drained(out);
      }
    checks.commit();

    const text = sheet(wb, 'Free text', [
      { header: 'Organisation', width: 36 },
      { header: 'Sector', width: 30 },
      { header: 'Standard', width: 44 },
      { header: 'Written by', width: 16 },
      { header: 'Field', width: 30 },
      { header: 'Text', kind: 'long', width: 80 },
    ]);
    if (!answersFit) text.add([tooMany]);
    else
      for await (const page of standardAnswerPages(db, report.cycle.id)) {
        for (const s of page) {
          const row = (by: string, field: string, value: string) => {
            if (value.trim())
              text.add([
                s.organisation,
                sectorLabel(s.sector),
                standardName(s.standard),
                by,
                field,
                value,
              ]);
          };
          for (const f of ['currentPractice', 'evidence', 'gaps', 'ragReason'] as const)
            row('Organisation', STANDARD_FIELD_LABELS[f], s[f]);
          for (const [id, c] of Object.entries(s.checks))
            row('Organisation', `Note: ${fieldLabel(checkPath(id))}`, c.note);
          row('Partnership', 'Moderation comment', s.moderationComment);
        }
        await drained(out);
      }
    text.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
