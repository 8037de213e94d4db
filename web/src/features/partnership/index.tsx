/**
 * The partnership console (lazily loaded: the tablet form's first load
 * carries none of it). Server data comes through TanStack Query.
 */
import { useQuery } from '@tanstack/react-query';
import {
  RAG_SCALE,
  RAG_VALUES,
  RETURN_STATUS_LABELS,
  sectorLabel,
  type Rollup,
  type ReturnStatus,
  type Sector,
} from '@s11/shared';
import { Page } from '../../components/page';
import { offline, useMe } from '../../offline';

interface CycleRow {
  id: string;
  name: string;
  opensOn: string;
  dueOn: string;
}
interface TrackerRow {
  id: string;
  organisationName: string;
  sector: Sector;
  status: ReturnStatus;
  variant: string;
  updatedAt: string;
}

export default function PartnershipConsole() {
  const me = useMe();
  const ownId = me?.memberships.find((m) => m.scope === 'partnership')?.partnershipId;
  const partnership = me?.partnerships.find((p) => p.id === ownId);
  const cycles = useQuery({
    queryKey: ['cycles', partnership?.id],
    enabled: !!partnership,
    queryFn: () =>
      offline.api.get<{ cycles: CycleRow[] }>(`/api/partnerships/${partnership?.id ?? ''}/cycles`),
  });
  const current = cycles.data?.cycles[0];
  const tracker = useQuery({
    queryKey: ['tracker', current?.id],
    enabled: !!current,
    queryFn: () =>
      offline.api.get<{ returns: TrackerRow[] }>(`/api/cycles/${current?.id ?? ''}/returns`),
  });
  const rollup = useQuery({
    queryKey: ['rollup', current?.id],
    enabled: !!current,
    queryFn: () => offline.api.get<Rollup>(`/api/cycles/${current?.id ?? ''}/rollup`),
  });
  if (!me) return <p className="govuk-body">Loading...</p>;
  if (!partnership)
    return (
      <Page title="Partnership console">
        <p className="govuk-body">You are not a member of a partnership.</p>
      </Page>
    );
  return (
    <Page title="Partnership console" caption={partnership.name}>
      {cycles.isPending ? <p className="govuk-body">Loading cycles...</p> : null}
      {cycles.isError ? (
        <p className="govuk-error-message">
          The cycles could not be loaded. Check your connection and try again.
        </p>
      ) : null}
      {current ? (
        <>
          <h2 className="govuk-heading-m">{current.name}</h2>
          {rollup.data ? (
            <table className="govuk-table" data-testid="overall-rollup">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Self-ratings across {rollup.data.returns} returned audits
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {RAG_VALUES.map((r) => (
                    <th scope="col" className="govuk-table__header" key={r}>
                      {RAG_SCALE[r].label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                <tr className="govuk-table__row">
                  {RAG_VALUES.map((r) => (
                    <td className="govuk-table__cell" key={r}>
                      {rollup.data.self.overall.percent[r].toFixed(1)}% (
                      {rollup.data.self.overall.counts[r]})
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          ) : null}
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Returns</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Organisation
                </th>
                <th scope="col" className="govuk-table__header">
                  Sector
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {(tracker.data?.returns ?? []).map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">{r.organisationName}</td>
                  <td className="govuk-table__cell">{sectorLabel(r.sector)}</td>
                  <td className="govuk-table__cell">{RETURN_STATUS_LABELS[r.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Page>
  );
}
