import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  RETURN_STATUS_LABELS,
  STANDARDS,
  sectorLabel,
  subTypeLabel,
  type Sector,
  type SubType,
  hasArrived,
  formatDate,
  ragLabel,
} from '@s11/shared';
import { Page } from '../../components/page';
import { Table, type Column } from '../../components/table';
import { Link } from '../../components/router';
import { useCycles, useReport } from './data';
import { DistributionBar, distributionColumns } from './distribution';

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
        Each cell shows two bars: the organisations’ own ratings (self-rated), then the ratings
        after the partnership’s review (moderated: the partnership’s rating where it gave one, the
        self-rating where it did not). Choose “Returns” in a cell to see the returns behind it.
      </p>
      <p className="govuk-body" data-testid="moderation-coverage">
        {r.rollup.moderatedRatings === 0
          ? 'No ratings have been moderated yet, so the moderated bars show the self-ratings.'
          : `${String(r.rollup.moderatedRatings)} of ${String(r.rollup.self.overall.total)} ratings moderated; where none, the self-rating stands.`}
      </p>
      <Table
        caption="Sector by standard grid"
        captionSize="hidden"
        testId="sector-standard-grid"
        className="app-grid"
        rows={sectors}
        rowKey={(sec) => sec}
        columns={[
          { header: 'Sector', rowHeader: true, cell: (sec) => sectorLabel(sec) },
          ...STANDARDS.map((s): Column<Sector> => ({
            header: `${String(s.number)}. ${s.title}`,
            cell: (sec) => {
              const self = r.rollup.self.bySectorStandard[sec]?.[s.number];
              const mod = r.rollup.moderated.bySectorStandard[sec]?.[s.number];
              return (
                <>
                  {self ? <DistributionBar d={self} label="Self-rated" showLabel /> : null}
                  {mod ? <DistributionBar d={mod} label="Moderated" showLabel /> : null}
                  <button
                    type="button"
                    className="govuk-link app-link-button app-touch-target"
                    onClick={() => setCell({ sector: sec, standard: s.number })}
                  >
                    Returns
                    <span className="govuk-visually-hidden">
                      {' '}
                      for {sectorLabel(sec)}, standard {s.number}
                    </span>
                  </button>
                </>
              );
            },
          })),
        ]}
      />
      {cell ? (
        <div
          className="govuk-inset-text"
          role="region"
          aria-label="Returns behind the chosen cell"
          data-testid="cell-returns"
        >
          <FocusedHeading key={`${cell.sector}/${String(cell.standard)}`}>
            {sectorLabel(cell.sector)}, standard {cell.standard}
          </FocusedHeading>
          <ul className="govuk-list">
            {behind.map((x) => (
              <li key={x.returnId}>
                <Link to={`/partnership/returns/${x.returnId}`} className="govuk-link">
                  {x.organisation}
                </Link>{' '}
                ({RETURN_STATUS_LABELS[x.status]}): self-rated {ragLabel(x.self[cell.standard - 1])}
                {x.moderated[cell.standard - 1]
                  ? `, moderated ${ragLabel(x.moderated[cell.standard - 1])}`
                  : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">By standard</h2>
      <Table
        caption="Self-ratings by standard"
        captionSize="hidden"
        rows={STANDARDS}
        rowKey={(s) => String(s.number)}
        columns={[
          {
            header: 'Standard',
            rowHeader: true,
            cell: (s) => `${String(s.number)}. ${s.title}`,
          },
          ...distributionColumns(
            (s: (typeof STANDARDS)[number]) => r.rollup.self.byStandard[s.number],
          ),
        ]}
      />

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
      <Table
        caption="Early years settings by type"
        captionSize="hidden"
        rows={r.earlyYears.bySettingType}
        rowKey={(t) => t.subType}
        columns={[
          {
            header: 'Setting type',
            rowHeader: true,
            cell: (t) =>
              t.subType === 'unspecified' ? 'Not given' : subTypeLabel(t.subType as SubType),
          },
          { header: 'Invited', numeric: true, cell: (t) => t.invited },
          { header: 'Returned', numeric: true, cell: (t) => t.returned },
        ]}
      />

      <h2 className="govuk-heading-m">Open actions</h2>
      <p className="govuk-body">
        {r.actions.openCount} open, {r.actions.overdue} overdue.
      </p>
      <Table
        caption="Open actions (the first 50)"
        captionSize="hidden"
        rows={r.actions.open
          .slice(0, 50)
          .map((a, i) => ({ ...a, key: `${a.returnId}-${String(i)}` }))}
        rowKey={(a) => a.key}
        columns={[
          { header: 'Organisation', cell: (a) => a.organisation },
          { header: 'Standard', cell: (a) => a.standard },
          { header: 'Action', cell: (a) => a.what },
          {
            header: 'Due',
            cell: (a) =>
              a.overdue ? (
                <strong className="govuk-tag govuk-tag--red">Overdue {formatDate(a.dueOn)}</strong>
              ) : (
                formatDate(a.dueOn) || 'Not set'
              ),
          },
        ]}
      />
    </Page>
  );
}

/** The chosen cell's heading: pressing a cell's "Returns" takes the reader to its list. */
function FocusedHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h3 className="govuk-heading-s" tabIndex={-1} ref={ref}>
      {children}
    </h3>
  );
}
