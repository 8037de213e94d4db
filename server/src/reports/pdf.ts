/**
 * The board's compliance summary as a PDF, drawn on the server with PDFKit
 * (text and tables, not a screenshot): overall RAG, by sector and by
 * standard, return rates, early-years findings, key areas for development,
 * and the cycle beside the previous one. Streamed as it is drawn.
 */
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import {
  RAG_SCALE,
  RAG_VALUES,
  STANDARDS,
  STANDARD_NUMBERS,
  sectorLabel,
  subTypeLabel,
  type Distribution,
  type SubType,
  formatDate,
} from '@s11/shared';
import type { CycleSummary } from './report-data';

const pct = (n: number) => `${n.toFixed(1)}%`;

export function pdfStream(report: CycleSummary): Readable {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `${report.cycle.name}: Section 11 compliance summary`,
      Author: report.partnership.name,
    },
  });
  const h1 = (t: string) => doc.font('Helvetica-Bold').fontSize(18).text(t).moveDown(0.5);
  const h2 = (t: string) => {
    if (doc.y > 700) doc.addPage();
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).text(t).moveDown(0.3);
  };
  const p = (t: string) => doc.font('Helvetica').fontSize(10).text(t);
  const table = (header: string[], rows: (string | number)[][], widths: number[]) => {
    const x0 = doc.page.margins.left;
    const line = (cells: (string | number)[], bold: boolean) => {
      if (doc.y > 760) doc.addPage();
      const y = doc.y;
      let x = x0;
      let h = 0;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((c, i) => {
        const w = widths[i] ?? 60;
        doc.text(String(c), x, y, { width: w - 4 });
        h = Math.max(h, doc.y - y);
        x += w;
      });
      doc.x = x0;
      doc.y = y + h + 3;
    };
    line(header, true);
    for (const r of rows) line(r, false);
    doc.moveDown(0.3);
  };
  const distCells = (d: Distribution) =>
    RAG_VALUES.map((r) => `${pct(d.percent[r])} (${String(d.counts[r])})`);
  const ragHeader = RAG_VALUES.map((r) => RAG_SCALE[r].label);

  h1(`${report.partnership.name}`);
  doc
    .font('Helvetica')
    .fontSize(14)
    .text(`${report.cycle.name}: Section 11 compliance summary`)
    .moveDown(0.3);
  p(
    `Due ${formatDate(report.cycle.dueOn)}. Generated ${formatDate(report.generatedAt)}. ${String(report.rollup.returns)} returned audits; ${String(report.rollup.self.overall.total)} standard ratings.`,
  );

  h2('Overall ratings');
  table(
    ['Basis', ...ragHeader],
    [
      ['Self-rated', ...distCells(report.rollup.self.overall)],
      ['Moderated', ...distCells(report.rollup.moderated.overall)],
    ],
    [90, 105, 105, 105, 105],
  );

  h2('Returns by sector');
  table(
    ['Sector', 'Invited', 'Returned', 'Rate'],
    report.returnRates.map((r) => [
      r.sector === 'all' ? 'All sectors' : sectorLabel(r.sector),
      r.invited,
      r.returned,
      pct(r.percent),
    ]),
    [200, 80, 80, 80],
  );

  h2('Self-ratings by sector');
  table(
    ['Sector', ...ragHeader],
    Object.entries(report.rollup.self.bySector).map(([s, d]) => [
      sectorLabel(s as never),
      ...distCells(d),
    ]),
    [130, 95, 95, 95, 95],
  );

  h2('Self-ratings by standard');
  table(
    ['Standard', ...ragHeader],
    STANDARD_NUMBERS.map((n) => [
      `${String(n)}. ${STANDARDS[n - 1]?.title ?? ''}`,
      ...distCells(report.rollup.self.byStandard[n]),
    ]),
    [150, 90, 90, 90, 90],
  );

  h2('Early years');
  p(
    `${String(report.earlyYears.returned)} early-years settings returned; ${pct(report.earlyYears.percentWithActions)} of them identified actions.`,
  );
  table(
    ['Setting type', 'Invited', 'Returned'],
    report.earlyYears.bySettingType.map((t) => [
      t.subType === 'unspecified' ? 'Not given' : subTypeLabel(t.subType as SubType),
      t.invited,
      t.returned,
    ]),
    [240, 80, 80],
  );
  if (report.earlyYears.themes.length)
    p(
      `Most common themes for development: ${report.earlyYears.themes
        .slice(0, 3)
        .map((t) => `${t.title} (${String(t.settings)} settings)`)
        .join('; ')}.`,
    );

  h2('Key areas for development');
  for (const a of report.areasForDevelopment)
    p(`Standard ${String(a.standard)}, ${a.title}: ${pct(a.greenPercent)} Green.`);
  p(`${String(report.actions.openCount)} open actions, ${String(report.actions.overdue)} overdue.`);

  if (report.previous) {
    h2(`Compared with ${report.previous.cycle.name}`);
    p(
      `${report.previous.cycle.name} is the partnership's last closed cycle. ${String(report.previous.inBoth)} of this cycle's ${String(report.returnRates.find((r) => r.sector === 'all')?.invited ?? 0)} organisations were invited to both.`,
    );
    table(
      ['Cycle', ...ragHeader],
      [
        [report.cycle.name, ...distCells(report.rollup.self.overall)],
        [report.previous.cycle.name, ...distCells(report.previous.rollup.self.overall)],
      ],
      [130, 95, 95, 95, 95],
    );
  }
  doc.end();
  return doc;
}
