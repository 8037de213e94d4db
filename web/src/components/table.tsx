/**
 * A GOV.UK table from column definitions. The caption is required (it names
 * the table for screen readers) and names the sideways-scrolling region that
 * keeps a wide table from making the whole page scroll on a phone.
 */
import type { ReactNode } from 'react';
import { TableScroll } from './table-scroll';

export interface Column<R> {
  /** The header text; also the key. */
  header: string;
  /** Say the header to screen readers only (e.g. an "Actions" column of links). */
  hideHeader?: boolean;
  cell: (row: R) => ReactNode;
  numeric?: boolean;
  /** The first column's cells are row headers (`<th scope="row">`). */
  rowHeader?: boolean;
  className?: string;
}

export function Table<R>({
  caption,
  captionSize = 'm',
  columns,
  rows,
  rowKey,
  scroll = true,
  id,
  testId,
  empty,
  focusable,
  className,
  captionLive,
  busy,
}: {
  /** What the table lists: the accessible name of the table and of its scrolling region. */
  caption: string;
  /** `hidden`: the caption is for screen readers only (a heading above already says it). */
  captionSize?: 's' | 'm' | 'l' | 'hidden';
  columns: readonly (Column<R> | false | null | undefined)[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  scroll?: boolean;
  id?: string;
  testId?: string;
  /** Shown instead of an empty table. */
  empty?: ReactNode;
  /** The table can take focus (an error summary links to it). */
  focusable?: boolean;
  /** An extra class on the table (e.g. the roll-up grid's fixed layout). */
  className?: string;
  /** The caption says what is shown (e.g. "Entries 1 to 50 of 120"): announce its changes. */
  captionLive?: boolean;
  /** The rows are being fetched again. */
  busy?: boolean;
}) {
  if (!rows.length && empty !== undefined) return <>{empty}</>;
  const cols = columns.filter((c): c is Column<R> => Boolean(c));
  const table = (
    <table
      className={`govuk-table${className ? ` ${className}` : ''}`}
      id={id}
      data-testid={testId}
      tabIndex={focusable ? -1 : undefined}
      aria-busy={busy}
    >
      <caption
        className={
          captionSize === 'hidden'
            ? 'govuk-table__caption govuk-visually-hidden'
            : `govuk-table__caption govuk-table__caption--${captionSize}`
        }
        aria-live={captionLive ? 'polite' : undefined}
      >
        {caption}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {cols.map((c) => (
            <th
              scope="col"
              key={c.header}
              className={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}${c.className ? ` ${c.className}` : ''}`}
            >
              {c.hideHeader ? <span className="govuk-visually-hidden">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={rowKey(r)}>
            {cols.map((c) =>
              c.rowHeader ? (
                <th scope="row" className="govuk-table__header" key={c.header}>
                  {c.cell(r)}
                </th>
              ) : (
                <td
                  key={c.header}
                  className={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}${c.className ? ` ${c.className}` : ''}`}
                >
                  {c.cell(r)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return scroll ? (
    <TableScroll label={`${caption} (scrolls sideways on small screens)`}>{table}</TableScroll>
  ) : (
    table
  );
}
