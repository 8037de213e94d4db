import { useState } from 'react';
import {
  RETURN_STATUSES,
  RETURN_STATUS_LABELS,
  SECTOR_CODES,
  sectorLabel,
  type ReturnStatus,
  type Sector,
  hasArrived,
  formatDate,
  formatDateTime,
  daysUntil,
  dueIn,
} from '@s11/shared';
import { Page } from '../../components/page';
import { Select } from '../../components/field';
import { Table } from '../../components/table';
import { Link } from '../../components/router';
import {
  useConsoleMutations,
  useCycles,
  useReminders,
  useTracker,
  type RemindersQueued,
} from './data';
import { DeliveryTag } from './delivery';

/** The due day for every row, with how near it is while the return is still to come. */
function dueText(dueOn: string, status: ReturnStatus): string {
  const day = formatDate(dueOn);
  return hasArrived(status) ? day : `${day} (${dueIn(daysUntil(dueOn)).toLowerCase()})`;
}

/** Every invited organisation, its status and last activity; filters; reminders. */
export function Tracker({ pid, canManage }: { pid: string; canManage: boolean }) {
  const cycles = useCycles(pid);
  const [cycleId, setCycleId] = useState<string | null>(null);
  const current = cycles.data?.find((c) => c.id === cycleId) ?? cycles.data?.[0];
  const tracker = useTracker(current?.id);
  const [sector, setSector] = useState<Sector | ''>('');
  const [status, setStatus] = useState<ReturnStatus | ''>('');
  const { remind } = useConsoleMutations();
  const rows = (tracker.data ?? []).filter(
    (r) => (!sector || r.sector === sector) && (!status || r.status === status),
  );
  return (
    <Page title="Returns" caption={current?.name}>
      {/* Filters apply as they are chosen: nothing is sent, so they are not a form (ADR 015). */}
      <div className="app-filters">
        <Select
          id="filter-cycle"
          label="Cycle"
          labelSize="regular"
          value={current?.id ?? ''}
          onChange={(e) => setCycleId(e.target.value)}
          options={(cycles.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Select
          id="filter-sector"
          label="Sector"
          labelSize="regular"
          value={sector}
          onChange={(e) => setSector(e.target.value as Sector | '')}
          options={[
            { value: '', label: 'All sectors' },
            ...SECTOR_CODES.map((s) => ({ value: s, label: sectorLabel(s) })),
          ]}
        />
        <Select
          id="filter-status"
          label="Status"
          labelSize="regular"
          value={status}
          onChange={(e) => setStatus(e.target.value as ReturnStatus | '')}
          options={[
            { value: '', label: 'All statuses' },
            ...RETURN_STATUSES.map((s) => ({ value: s, label: RETURN_STATUS_LABELS[s] })),
          ]}
        />
      </div>
      {canManage && current ? (
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            disabled={remind.isPending}
            onClick={() => remind.mutate(current.id)}
          >
            Send reminders to those not yet submitted
          </button>
          {remind.data ? <RemindersResult result={remind.data} /> : null}
          {remind.isError ? (
            <p className="govuk-error-message">The reminders could not be sent. Try again.</p>
          ) : null}
        </div>
      ) : null}
      {canManage && current ? <ReminderEmails cycleId={current.id} /> : null}
      {tracker.isPending ? <p className="govuk-body">Loading...</p> : null}
      <Table
        caption={`${String(rows.length)} returns shown`}
        captionSize="s"
        testId="tracker"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          {
            header: 'Organisation',
            cell: (r) => (
              <Link to={`/partnership/returns/${r.id}`} className="govuk-link">
                {r.organisationName}
              </Link>
            ),
          },
          { header: 'Sector', cell: (r) => sectorLabel(r.sector) },
          { header: 'Status', cell: (r) => RETURN_STATUS_LABELS[r.status] },
          { header: 'Last activity', cell: (r) => formatDate(r.updatedAt) },
          { header: 'Due', cell: (r) => (current ? dueText(current.dueOn, r.status) : '') },
        ]}
      />
    </Page>
  );
}

function plural(n: number, one: string, many: string) {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** Exactly what was queued, and the organisations nobody could be emailed at. */
function RemindersResult({ result }: { result: RemindersQueued }) {
  return (
    <div role="status" data-testid="reminders-result">
      {result.mailDisabled ? (
        <p className="govuk-body">
          No reminders were sent: this service does not send email. Contact the organisations
          yourself.
        </p>
      ) : result.organisations === 0 ? (
        <p className="govuk-body">Every organisation has submitted: no reminders were needed.</p>
      ) : (
        <p className="govuk-body">
          {plural(result.emails, 'reminder email', 'reminder emails')} queued for{' '}
          {plural(result.reminded, 'organisation', 'organisations')}.
        </p>
      )}
      {result.withoutAddress.length > 0 ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {plural(result.withoutAddress.length, 'organisation has', 'organisations have')} no
            contact address and nobody to email, so{' '}
            {result.withoutAddress.length === 1 ? 'it was' : 'they were'} not reminded: add a
            contact email in Organisations.
            <ul className="govuk-list govuk-list--bullet">
              {result.withoutAddress.map((o) => (
                <li key={o.id}>{o.name}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** Every reminder email of the cycle and how its delivery went (queued, sent, failed). */
function ReminderEmails({ cycleId }: { cycleId: string }) {
  const reminders = useReminders(cycleId, true);
  const rows = reminders.data ?? [];
  if (rows.length === 0) return null;
  return (
    <details className="govuk-details" data-testid="reminder-emails">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Reminder emails for this cycle ({rows.length})
        </span>
      </summary>
      <div className="govuk-details__text">
        <Table
          caption="Reminder emails and their delivery, newest first"
          captionSize="hidden"
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { header: 'Organisation', cell: (r) => r.organisationName },
            { header: 'Sent to', cell: (r) => r.to },
            { header: 'Queued', cell: (r) => formatDateTime(r.queuedAt) },
            { header: 'Delivery', cell: (r) => <DeliveryTag delivery={r.delivery} /> },
          ]}
        />
      </div>
    </details>
  );
}
