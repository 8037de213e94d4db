import { useState } from 'react';
import {
  RETURN_STATUS_LABELS,
  STANDARDS,
  sectorLabel,
  subTypeLabel,
  type Sector,
  type SubType,
  hasArrived,
} from '@s11/shared';
import { Page } from '../../components/page';
import { TableScroll } from '../../components/table-scroll';
import { Link } from '../../components/router';
import { useCycles, useReport } from './data';
import { DistributionBar, DistributionCells, DistributionHeaders } from './distribution';

/**
 * Sector x standard: self-rated and moderated side by side, so the weakest
 * standard in each sector stands out; a cell opens the returns behind it.
 */
export function Rollups({ pid }: { pid: string }) {
  const cycles = useCycles(pid);
  const current = cycles.data?.[0];
  const report = useReport(current?.id);
  const [cell, setCell] = useState<{ sector: Sector; standard: number } | null>(null);
  if (!report.data) return <p className="govuk-body">Loading...</p>;
  const r = report.data;
  const sectors = Object.keys(r.rollup.self.bySector) as Sector[];
  const behind = cell
    ? r.returns.filter((x) => x.sector === cell.sector && hasArrived(x.status))
    : [];
  return (
    <Page title="Roll-ups" caption={r.cycle.name}>
      <h2 className="govuk-heading-m">By sector and standard</h2>
      <p className="govuk-body">
        Each cell shows the self-ratings, then the partnership’s moderated ratings. Choose a cell to
        see the returns behind it.
      </p>
      <TableScroll label="Sector by standard grid">
        <table className="govuk-table app-grid" data-testid="sector-standard-grid">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Sector
              </th>
              {STANDARDS.map((s) => (
                <th scope="col" className="govuk-table__header" key={s.number}>
                  {s.number}. {s.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {sectors.map((sec) => (
              <tr className="govuk-table__row" key={sec}>
                <th scope="row" className="govuk-table__header">
                  {sectorLabel(sec)}
                </th>
                {STANDARDS.map((s) => {
                  const self = r.rollup.self.bySectorStandard[sec]?.[s.number];
                  const mod = r.rollup.moderated.bySectorStandard[sec]?.[s.number];
                  return (
                    <td className="govuk-table__cell" key={s.number}>
                      {self ? <DistributionBar d={self} label="Self-rated" /> : null}
                      {mod ? <DistributionBar d={mod} label="Moderated" /> : null}
                      <button
                        type="button"
                        className="govuk-link app-link-button"
                        onClick={() => setCell({ sector: sec, standard: s.number })}
                      >
                        Returns
                        <span className="govuk-visually-hidden">
                          {' '}
                          for {sectorLabel(sec)}, standard {s.number}
                        </span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {cell ? (
        <div
          className="govuk-inset-text"
          role="region"
          aria-label="Returns behind the chosen cell"
          data-testid="cell-returns"
        >
          <h3 className="govuk-heading-s">
            {sectorLabel(cell.sector)}, standard {cell.standard}
          </h3>
          <ul className="govuk-list">
            {behind.map((x) => (
              <li key={x.returnId}>
                <Link to={`/partnership/returns/${x.returnId}`} className="govuk-link">
                  {x.organisation}
                </Link>{' '}
                ({RETURN_STATUS_LABELS[x.status]}): self{' '}
                {x.self[cell.standard - 1] ?? 'not answered'}
                {x.moderated[cell.standard - 1]
                  ? `, moderated ${x.moderated[cell.standard - 1] ?? ''}`
                  : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">By standard</h2>
      <TableScroll label="Table (scrolls sideways on small screens)">
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Standard
              </th>
              <DistributionHeaders />
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {STANDARDS.map((s) => (
              <tr className="govuk-table__row" key={s.number}>
                <th scope="row" className="govuk-table__header">
                  {s.number}. {s.title}
                </th>
                <DistributionCells d={r.rollup.self.byStandard[s.number]} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 className="govuk-heading-m">Early years</h2>
      <p className="govuk-body">
        {r.earlyYears.returned} settings returned; {r.earlyYears.percentWithActions.toFixed(1)}%
        identified actions.
        {r.earlyYears.themes.length
          ? ` Most common themes: ${r.earlyYears.themes
              .slice(0, 3)
              .map((t) => `${t.title} (${String(t.settings)})`)
              .join(', ')}.`
          : ''}
      </p>
      <TableScroll label="Table (scrolls sideways on small screens)">
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Setting type
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Invited
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Returned
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {r.earlyYears.bySettingType.map((t) => (
              <tr className="govuk-table__row" key={t.subType}>
                <th scope="row" className="govuk-table__header">
                  {t.subType === 'unspecified' ? 'Not given' : subTypeLabel(t.subType as SubType)}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.invited}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.returned}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 className="govuk-heading-m">Open actions</h2>
      <p className="govuk-body">
        {r.actions.openCount} open, {r.actions.overdue} overdue.
      </p>
      <TableScroll label="Table (scrolls sideways on small screens)">
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Organisation
              </th>
              <th scope="col" className="govuk-table__header">
                Standard
              </th>
              <th scope="col" className="govuk-table__header">
                Action
              </th>
              <th scope="col" className="govuk-table__header">
                Due
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {r.actions.open.slice(0, 50).map((a, i) => (
              <tr className="govuk-table__row" key={`${a.returnId}-${String(i)}`}>
                <td className="govuk-table__cell">{a.organisation}</td>
                <td className="govuk-table__cell">{a.standard}</td>
                <td className="govuk-table__cell">{a.what}</td>
                <td className="govuk-table__cell">
                  {a.overdue ? (
                    <strong className="govuk-tag govuk-tag--red">Overdue {a.dueOn}</strong>
                  ) : (
                    a.dueOn || 'Not set'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Page>
  );
}
