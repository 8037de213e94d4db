import { sectorLabel, type Distribution, formatDate } from '@s11/shared';
import { Page } from '../../components/page';
import { Table } from '../../components/table';
import { Link } from '../../components/router';
import { useCycles, useReport } from './data';
import { distributionColumns } from './distribution';
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
            {formatDate(current.dueOn)}.
          </p>
          {report.data.previous ? (
            <p className="govuk-body">
              Compared with {report.data.previous.cycle.name}, the last closed cycle:{' '}
              {report.data.previous.inBoth} of these organisations were invited to both.
            </p>
          ) : null}
          <Table
            caption="Standard ratings across returned audits"
            testId="overall-rollup"
            rows={[
              { basis: 'Self-rated', d: report.data.rollup.self.overall },
              { basis: 'Moderated', d: report.data.rollup.moderated.overall },
              ...(report.data.previous
                ? [
                    {
                      basis: `${report.data.previous.cycle.name} (self-rated)`,
                      d: report.data.previous.rollup.self.overall,
                    },
                  ]
                : []),
            ]}
            rowKey={(r) => r.basis}
            columns={[
              { header: 'Basis', rowHeader: true, cell: (r) => r.basis },
              ...distributionColumns((r: { d: Distribution }) => r.d),
            ]}
          />
          <Table
            caption="Returns by sector"
            rows={report.data.returnRates}
            rowKey={(r) => r.sector}
            columns={[
              {
                header: 'Sector',
                rowHeader: true,
                cell: (r) => (r.sector === 'all' ? 'All sectors' : sectorLabel(r.sector)),
              },
              { header: 'Invited', numeric: true, cell: (r) => r.invited },
              { header: 'Returned', numeric: true, cell: (r) => r.returned },
              { header: 'Rate', numeric: true, cell: (r) => `${r.percent.toFixed(1)}%` },
            ]}
          />
          <Exports cycleId={current.id} />
        </>
      ) : current ? (
        <p className="govuk-body">Loading the figures...</p>
      ) : null}
    </Page>
  );
}
