import { RETURN_STATUS_LABELS, hasArrived, formatDate, VARIANT_LABELS } from '@s11/shared';
import { Page } from '../../components/page';
import { Link } from '../../components/router';
import { useMe, useMyReturns, usePulledOnce, useSyncState } from '../../offline';

/** The user's returns, newest cycle first. */
export function ReturnsPage() {
  const me = useMe();
  const returns = useMyReturns();
  const pulledOnce = usePulledOnce();
  const sync = useSyncState();
  if (returns === undefined || pulledOnce === undefined)
    return <p className="govuk-body">Loading your returns...</p>;
  // A signatory sees who has access to their organisation.
  const signsFor = (me?.organisations ?? []).filter((o) =>
    me?.memberships.some(
      (m) => m.scope === 'organisation' && m.organisationId === o.id && m.role === 'org_signatory',
    ),
  );
  const sorted = [...returns].sort((a, b) =>
    (b.cycle?.opensOn ?? '').localeCompare(a.cycle?.opensOn ?? ''),
  );
  return (
    <Page title="Your Section 11 returns" caption={me?.organisations.map((o) => o.name).join(', ')}>
      {sorted.length === 0 && !pulledOnce ? (
        // A fresh device before its first pull: not "no returns".
        <p className="govuk-body" role="status">
          {sync.phase === 'offline'
            ? 'You are offline: connect to the internet to copy your returns to this device.'
            : 'Loading your returns...'}
        </p>
      ) : sorted.length === 0 ? (
        <p className="govuk-body">
          You have no returns yet. Your partnership will invite you when an audit opens.
        </p>
      ) : null}
      <ul className="govuk-task-list">
        {sorted.map((r) => (
          <li className="govuk-task-list__item govuk-task-list__item--with-link" key={r.id}>
            <div className="govuk-task-list__name-and-hint">
              <Link
                to={`/returns/${r.id}`}
                className="govuk-link govuk-task-list__link"
                aria-describedby={`${r.id}-status`}
              >
                {r.cycle?.name ?? 'Section 11 audit'}: {r.organisation?.name ?? ''}
              </Link>
              <div className="govuk-task-list__hint">
                {VARIANT_LABELS[r.variant]}
                {r.cycle ? ` · due ${formatDate(r.cycle.dueOn)}` : ''}
              </div>
            </div>
            <div className="govuk-task-list__status" id={`${r.id}-status`}>
              {hasArrived(r.status) ? (
                RETURN_STATUS_LABELS[r.status]
              ) : (
                <strong className="govuk-tag govuk-tag--blue">
                  {RETURN_STATUS_LABELS[r.status]}
                </strong>
              )}
            </div>
          </li>
        ))}
      </ul>
      {signsFor.length ? (
        <>
          <h2 className="govuk-heading-m">People</h2>
          <ul className="govuk-list">
            {signsFor.map((o) => (
              <li key={o.id}>
                <Link className="govuk-link app-table-link" to={`/organisations/${o.id}/people`}>
                  People in {o.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
