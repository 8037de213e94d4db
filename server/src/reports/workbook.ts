/**
 * The Excel workbook: sheets for the summary, by sector, by standard, every
 * return and every action. Written with exceljs's streaming writer, row by
 * row, so a national-scale cycle never holds the whole workbook in memory.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  RAG_SCALE,
  RAG_VALUES,
  RETURN_STATUS_LABELS,
  STANDARDS,
  STANDARD_NUMBERS,
  sectorLabel,
  subTypeLabel,
  type Distribution,
  type SubType,
} from '@s11/shared';
import type { ActionRow, CycleSummary, ReturnRow } from './report-data';
import { neutralise } from './csv';

const distRow = (label: string, d: Distribution) => [
  label,
  d.total,
  ...RAG_VALUES.flatMap((r) => [d.counts[r], d.percent[r]]),
];
const distHeader = (first: string) => [
  first,
  'Ratings',
  ...RAG_VALUES.flatMap((r) => [`${RAG_SCALE[r].label} (count)`, `${RAG_SCALE[r].label} (%)`]),
];
const label = (v: string | null) => (v ? RAG_SCALE[v as keyof typeof RAG_SCALE].label : '');

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
  report: CycleSummary,
  rows: AsyncIterable<readonly ReturnRow[]>,
  openActions: AsyncIterable<readonly ActionRow[]>,
): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'S11 Portal';
  void (async () => {
    const bold = (row: ExcelJS.Row) => {
      row.font = { bold: true };
    };
    const summary = wb.addWorksheet('Summary');
    bold(summary.addRow([`${report.partnership.name}: ${report.cycle.name}`]));
    summary.addRow([`Due ${report.cycle.dueOn}; generated ${report.generatedAt.slice(0, 10)}`]);
    summary.addRow([]);
    bold(summary.addRow(distHeader('Basis')));
    summary.addRow(distRow('Self-rated', report.rollup.self.overall)).commit();
    summary.addRow(distRow('Moderated', report.rollup.moderated.overall)).commit();
    summary.addRow([]);
    bold(summary.addRow(['Returns', 'Invited', 'Returned', 'Return rate (%)']));
    for (const r of report.returnRates)
      summary
        .addRow([
          r.sector === 'all' ? 'All sectors' : sectorLabel(r.sector),
          r.invited,
          r.returned,
          r.percent,
        ])
        .commit();
    if (report.previous) {
      summary.addRow([]);
      bold(summary.addRow(distHeader(`Previous cycle: ${report.previous.cycle.name}`)));
      summary.addRow(distRow('Self-rated', report.previous.rollup.self.overall)).commit();
    }
    summary.columns.forEach((c) => (c.width = 18));
    summary.commit();

    const bySector = wb.addWorksheet('By sector');
    bold(bySector.addRow(distHeader('Sector')));
    for (const [s, d] of Object.entries(report.rollup.self.bySector))
      bySector.addRow(distRow(sectorLabel(s as never), d)).commit();
    bySector.commit();

    const byStandard = wb.addWorksheet('By standard');
    bold(byStandard.addRow(distHeader('Standard')));
    for (const n of STANDARD_NUMBERS)
      byStandard
        .addRow(
          distRow(
            `${String(n)}. ${STANDARDS[n - 1]?.title ?? ''}`,
            report.rollup.self.byStandard[n],
          ),
        )
        .commit();
    byStandard.commit();

    const rs = wb.addWorksheet('Returns');
    bold(
      rs.addRow([
        'Organisation',
        'Sector',
        'Type',
        'Form',
        'Status',
        ...STANDARD_NUMBERS.map((n) => `S${String(n)} self`),
        ...STANDARD_NUMBERS.map((n) => `S${String(n)} moderated`),
      ]),
    );
    for await (const page of rows) {
      for (const r of page)
        rs.addRow([
          neutralise(r.organisation),
          sectorLabel(r.sector),
          r.subType ? subTypeLabel(r.subType as SubType) : '',
          r.variant,
          RETURN_STATUS_LABELS[r.status],
          ...r.self.map(label),
          ...r.moderated.map(label),
        ]).commit();
      await drained(out);
    }
    rs.commit();

    const as = wb.addWorksheet('Actions');
    bold(
      as.addRow([
        'Organisation',
        'Sector',
        'Standard',
        'Action',
        'Owner',
        'Due',
        'Status',
        'Overdue',
      ]),
    );
    for await (const page of openActions) {
      for (const a of page)
        as.addRow([
          neutralise(a.organisation),
          sectorLabel(a.sector),
          a.standard,
          neutralise(a.what),
          neutralise(a.owner),
          a.dueOn,
          a.status,
          a.overdue ? 'Yes' : 'No',
        ]).commit();
      await drained(out);
    }
    as.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
