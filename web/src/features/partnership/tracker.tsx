import { useState } from 'react';
import {
  RETURN_STATUSES,
  RETURN_STATUS_LABELS,
  SECTOR_CODES,
  sectorLabel,
  type ReturnStatus,
  type Sector,
  hasArrived,
} from '@s11/shared';
import { Page } from '../../components/page';
import { TableScroll } from '../../components/table-scroll';
import { Link } from '../../components/router';
import {
  useConsoleMutations,
  useCycles,
  useReminders,
  useTracker,
  type RemindersQueued,
} from './data';
import { DeliveryTag } from './delivery';

function daysText(dueOn: string, status: ReturnStatus): string {
  if (hasArrived(status)) return '';
  const due = Date.UTC(
    Number(dueOn.slice(0, 4)),
    Number(dueOn.slice(5, 7)) - 1,
    Number(dueOn.slice(8, 10)),
  );
  const now = new Date();
  const days = Math.round(
    (due - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86_400_000,
  );
  return days >= 0 ? `${String(days)} days left` : `${String(-days)} days overdue`;
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
      <div className="app-filters">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-cycle">
            Cycle
          </label>
          <select
            className="govuk-select"
            id="filter-cycle"
            value={current?.id ?? ''}
            onChange={(e) => setCycleId(e.target.value)}
          >
            {(cycles.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-sector">
            Sector
          </label>
          <select
            className="govuk-select"
            id="filter-sector"
            value={sector}
            onChange={(e) => setSector(e.target.value as Sector | '')}
          >
            <option value="">All sectors</option>
            {SECTOR_CODES.map((s) => (
              <option key={s} value={s}>
                {sectorLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-status">
            Status
          </label>
          <select
            className="govuk-select"
            id="filter-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReturnStatus | '')}
          >
            <option value="">All statuses</option>
            {RETURN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RETURN_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
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
      <TableScroll label="Table (scrolls sideways on small screens)">
        <table className="govuk-table" data-testid="tracker">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {rows.length} returns shown
          </caption>
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
              <th scope="col" className="govuk-table__header">
                Last activity
              </th>
              <th scope="col" className="govuk-table__header">
                Due
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  <Link to={`/partnership/returns/${r.id}`} className="govuk-link">
                    {r.organisationName}
                  </Link>
                </td>
                <td className="govuk-table__cell">{sectorLabel(r.sector)}</td>
                <td className="govuk-table__cell">{RETURN_STATUS_LABELS[r.status]}</td>
                <td className="govuk-table__cell">{r.updatedAt.slice(0, 10)}</td>
                <td className="govuk-table__cell">
                  {current ? daysText(current.dueOn, r.status) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
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
        <TableScroll label="Reminder emails (scrolls sideways on small screens)">
          <table className="govuk-table">
            <caption className="govuk-visually-hidden">
              Reminder emails and their delivery, newest first
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Organisation
                </th>
                <th scope="col" className="govuk-table__header">
                  Sent to
                </th>
                <th scope="col" className="govuk-table__header">
                  Queued
                </th>
                <th scope="col" className="govuk-table__header">
                  Delivery
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">{r.organisationName}</td>
                  <td className="govuk-table__cell">{r.to}</td>
                  <td className="govuk-table__cell">{r.queuedAt.slice(0, 10)}</td>
                  <td className="govuk-table__cell">
                    <DeliveryTag delivery={r.delivery} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </details>
  );
}
