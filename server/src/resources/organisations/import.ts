/**
 * The organisation import: a CSV file checked row by row (every problem
 * named, with its line), previewed, and saved all at once or not at all.
 */
import {
  IMPORT_LIMITS,
  LIGHT_BY_DEFAULT,
  OrganisationInputSchema,
  SECTORS,
  SECTOR_CODES,
  sectorLabel,
  type ImportResult,
  type OrganisationInput,
  type Sector,
  type SubType,
} from '@s11/shared';
import { parseCsv, toCsv } from '../../reports/csv';

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
  const preview = listed.map((r): ImportResult['rows'][number] => ({
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

/** The template a manager downloads: the columns and two example rows. */
export function importTemplate(): string {
  return toCsv([
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
  ]);
}
