/**
 * CSV exports: RFC 4180 (CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled), UTF-8 with a byte-order mark so Excel reads
 * the encoding right. Against CSV injection: a cell that begins with =, +,
 * -, @, tab or carriage return is prefixed with a single quote so a
 * spreadsheet never runs it as a formula; a cell holding a separator that
 * common locales use (`,` `;` tab) is quoted, so a spreadsheet that splits on
 * `;` still reads one cell, and a formula character after such a separator is
 * neutralised too (`Acme Ltd;=1+2` becomes `"Acme Ltd;'=1+2"`).
 */
import {
  ACTION_STATUS_LABELS,
  VARIANT_LABELS,
  formatDate,
  RAG_SCALE,
  RAG_VALUES,
  STANDARDS,
  STANDARD_NUMBERS,
  sectorLabel,
  subTypeLabel,
  type Sector,
  type SubType,
  RETURN_STATUS_LABELS,
} from '@s11/shared';
import type { ActionRow, CycleSummary, ReturnRow } from './report-data';

export const BOM = '\uFEFF';

/** A cell's leading formula character (the workbook's cells need only this). */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Also after a separator (and any spaces), where a spreadsheet splitting on it starts a cell. */
const neutraliseAfterSeparators = (value: string) => value.replace(/([,;\t] *)(?=[=+\-@])/g, "$1'");

export function csvCell(value: string | number | null | undefined): string {
  const s =
    typeof value === 'number' ? String(value) : neutraliseAfterSeparators(neutralise(value ?? ''));
  return /[",;\t\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const line = (cells: readonly (string | number | null | undefined)[]) =>
  cells.map(csvCell).join(',') + '\r\n';

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return BOM + rows.map(line).join('');
}

const ragLabel = (r: string | null) =>
  r ? RAG_SCALE[r as keyof typeof RAG_SCALE].label : 'Not answered';

/** The roll-up in long form: one row per basis, view, group, standard and rating (easy to pivot). */
export function summaryCsv(report: CycleSummary): string {
  const rows: (string | number)[][] = [
    ['Basis', 'View', 'Sector', 'Standard', 'Rating', 'Count', 'Percent'],
  ];
  for (const basis of ['self', 'moderated'] as const) {
    const view = report.rollup[basis];
    const basisLabel = basis === 'self' ? 'Self-rated' : 'Moderated';
    const push = (
      viewName: string,
      sector: string,
      standard: string,
      d: { counts: Record<string, number>; percent: Record<string, number> },
    ) => {
      for (const r of RAG_VALUES)
        rows.push([
          basisLabel,
          viewName,
          sector,
          standard,
          RAG_SCALE[r].label,
          d.counts[r] ?? 0,
          (d.percent[r] ?? 0).toFixed(1),
        ]);
    };
    push('Overall', 'All', 'All', view.overall);
    for (const [s, d] of Object.entries(view.bySector))
      push('By sector', sectorLabel(s as Sector), 'All', d);
    for (const n of STANDARD_NUMBERS)
      push(
        'By standard',
        'All',
        `${String(n)}. ${STANDARDS[n - 1]?.title ?? ''}`,
        view.byStandard[n],
      );
    for (const [s, grid] of Object.entries(view.bySectorStandard)) {
      for (const n of STANDARD_NUMBERS)
        push(
          'By sector and standard',
          sectorLabel(s as Sector),
          `${String(n)}. ${STANDARDS[n - 1]?.title ?? ''}`,
          grid[n],
        );
    }
  }
  return toCsv(rows);
}

/** A CSV written a page at a time: the header (with the byte-order mark), then each page's lines. */
async function* csvPages<T>(
  header: readonly string[],
  pages: AsyncIterable<readonly T[]>,
  cells: (row: T) => (string | number | null)[],
): AsyncGenerator<string> {
  yield BOM + line(header);
  for await (const page of pages) yield page.map((r) => line(cells(r))).join('');
}

/** Every return, one row each, with the 8 self and moderated ratings. */
export function returnsCsv(pages: AsyncIterable<readonly ReturnRow[]>): AsyncGenerator<string> {
  const header = [
    'Organisation',
    'Sector',
    'Type',
    'Form',
    'Status',
    'Last activity',
    ...STANDARD_NUMBERS.map((n) => `S${String(n)} self`),
    ...STANDARD_NUMBERS.map((n) => `S${String(n)} moderated`),
  ];
  return csvPages(header, pages, (r) => [
    r.organisation,
    sectorLabel(r.sector),
    r.subType ? subTypeLabel(r.subType as SubType) : '',
    VARIANT_LABELS[r.variant],
    RETURN_STATUS_LABELS[r.status],
    formatDate(r.updatedAt),
    ...r.self.map(ragLabel),
    ...r.moderated.map((m) => (m ? ragLabel(m) : '')),
  ]);
}

/** Every open action, overdue first. */
export function actionsCsv(pages: AsyncIterable<readonly ActionRow[]>): AsyncGenerator<string> {
  return csvPages(
    ['Organisation', 'Sector', 'Standard', 'Action', 'Owner', 'Due', 'Status', 'Overdue'],
    pages,
    (a) => [
      a.organisation,
      sectorLabel(a.sector),
      `${String(a.standard)}. ${STANDARDS[a.standard - 1]?.title ?? ''}`,
      a.what,
      a.owner,
      formatDate(a.dueOn),
      ACTION_STATUS_LABELS[a.status],
      a.overdue ? 'Yes' : 'No',
    ],
  );
}

/** A minimal RFC 4180 parser (for the organisation import and for tests). */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}
