import { sectorLabel } from '@s11/shared';
import { Page } from '../../components/page';
import { TableScroll } from '../../components/table-scroll';
import { Link } from '../../components/router';
import { useCycles, useReport } from './data';
import { DistributionCells, DistributionHeaders } from './distribution';
import { Exports } from './exports';

/** The current cycle at a glance: overall RAG (self and moderated), return rates, exports. */
export function Overview({ pid, name }: { pid: string; name: string }) {
  const cycles = useCycles(pid);
  const current = cycles.data?.[0];
  const report = useReport(current?.id);
  return (
    <Page title="Partnership console" caption={name}>
      {cycles.isPending ? <p className="govuk-body">Loading...</p> : null}
      {cycles.isError ? (
        <p className="govuk-error-message">
          The console could not be loaded. Check your connection and try again.
        </p>
      ) : null}
      {cycles.data && !current ? (
        <p className="govuk-body">
          No audit cycle yet.{' '}
          <Link to="/partnership/cycles" className="govuk-link">
            Open a cycle
          </Link>
          .
        </p>
      ) : null}
      {current && report.data ? (
        <>
          <h2 className="govuk-heading-m">{current.name}</h2>
          <p className="govuk-body">
            {report.data.rollup.returns} of{' '}
            {report.data.returnRates.find((r) => r.sector === 'all')?.invited ?? 0} organisations
            have returned their audit (
            {report.data.returnRates.find((r) => r.sector === 'all')?.percent.toFixed(1)}%). Due{' '}
            {current.dueOn}.
          </p>
          <TableScroll label="Table (scrolls sideways on small screens)">
            <table className="govuk-table" data-testid="overall-rollup">
              <caption className="govuk-table__caption govuk-table__caption--m">
                Standard ratings across returned audits
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Basis
                  </th>
                  <DistributionHeaders />
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    Self-rated
                  </th>
                  <DistributionCells d={report.data.rollup.self.overall} />
                </tr>
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    Moderated
                  </th>
                  <DistributionCells d={report.data.rollup.moderated.overall} />
                </tr>
                {report.data.previous ? (
                  <tr className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {report.data.previous.cycle.name} (self-rated)
                    </th>
                    <DistributionCells d={report.data.previous.rollup.self.overall} />
                  </tr>
                ) : null}
              </tbody>
            </table>
          </TableScroll>
          <TableScroll label="Table (scrolls sideways on small screens)">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">
                Returns by sector
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Sector
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Invited
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Returned
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Rate
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.data.returnRates.map((r) => (
                  <tr className="govuk-table__row" key={r.sector}>
                    <th scope="row" className="govuk-table__header">
                      {r.sector === 'all' ? 'All sectors' : sectorLabel(r.sector)}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{r.invited}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{r.returned}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {r.percent.toFixed(1)}%
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Exports cycleId={current.id} />
        </>
      ) : current ? (
        <p className="govuk-body">Loading the figures...</p>
      ) : null}
    </Page>
  );
}
