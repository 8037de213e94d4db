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
import { Select, TextInput } from '../../components/field';
import { Table } from '../../components/table';
import { Link } from '../../components/router';
import {
  useConsoleMutations,
  useCycles,
  useReminders,
  useTracker,
  type RemindersQueued,
  type TrackerRow,
} from './data';
import { DeliveryTag } from './delivery';

/** The due day for every row, with how near it is while the return is still to come. */
function dueText(dueOn: string, status: ReturnStatus): string {
  const day = formatDate(dueOn);
  return hasArrived(status) ? day : `${day} (${dueIn(daysUntil(dueOn)).toLowerCase()})`;
}

type SortKey = 'name' | 'status' | 'progress' | 'activity';

/** The orders a manager can list returns in (the select's options, in this order). */
const SORTS: Record<SortKey, { label: string; compare: (a: TrackerRow, b: TrackerRow) => number }> =
  {
    name: {
      label: 'Organisation name',
      compare: (a, b) => a.organisationName.localeCompare(b.organisationName, 'en-GB'),
    },
    status: {
      label: 'Status',
      compare: (a, b) =>
        RETURN_STATUSES.indexOf(a.status) - RETURN_STATUSES.indexOf(b.status) ||
        a.organisationName.localeCompare(b.organisationName, 'en-GB'),
    },
    progress: {
      label: 'Progress (least done first)',
      compare: (a, b) =>
        a.completedStandards - b.completedStandards ||
        a.organisationName.localeCompare(b.organisationName, 'en-GB'),
    },
    activity: {
      label: 'Last activity (oldest first)',
      compare: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
    },
  };

const STATUS_TAG: Record<ReturnStatus, string> = {
  not_started: 'govuk-tag--grey',
  in_progress: 'govuk-tag--light-blue',
  submitted: 'govuk-tag--blue',
  returned_for_changes: 'govuk-tag--orange',
  accepted: 'govuk-tag--green',
};

/** A return's status as a GOV.UK tag that never wraps (its words, not only its colour). */
function StatusTag({ status }: { status: ReturnStatus }) {
  return (
    <strong className={`govuk-tag app-tag-nowrap ${STATUS_TAG[status]}`}>
      {RETURN_STATUS_LABELS[status]}
    </strong>
  );
}

/** Every invited organisation, its status, progress, contact and last activity; filters; reminders. */
export function Tracker({ pid, canManage }: { pid: string; canManage: boolean }) {
  const cycles = useCycles(pid);
  const [cycleId, setCycleId] = useState<string | null>(null);
  const current = cycles.data?.find((c) => c.id === cycleId) ?? cycles.data?.[0];
  const tracker = useTracker(current?.id);
  const [sector, setSector] = useState<Sector | ''>('');
  const [status, setStatus] = useState<ReturnStatus | ''>('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortKey>('name');
  const { remind } = useConsoleMutations();
  const wanted = search.trim().toLowerCase();
  const rows = (tracker.data ?? [])
    .filter(
      (r) =>
        (!sector || r.sector === sector) &&
        (!status || r.status === status) &&
        (!wanted || r.organisationName.toLowerCase().includes(wanted)),
    )
    .sort(SORTS[sort].compare);
  return (
    <Page title="Returns" caption={current?.name}>
      {/* Filters apply as they are chosen: nothing is sent, so they are not a form (ADR 015). */}
      <div className="app-filters">
        <TextInput
          id="filter-search"
          label="Organisation name"
          labelSize="regular"
          type="search"
          value={search}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setSearch(e.target.value)}
        />
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
        <Select
          id="sort"
          label="Sort by"
          labelSize="regular"
          value={sort}
          onChange={(e) => setSort(e.target.value as SortKey)}
          options={Object.entries(SORTS).map(([value, o]) => ({ value, label: o.label }))}
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
        caption={`${String(rows.length)} ${rows.length === 1 ? 'return' : 'returns'} shown`}
        captionSize="s"
        testId="tracker"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          {
            header: 'Organisation',
            cell: (r) => (
              <>
                <Link to={`/partnership/returns/${r.id}`} className="govuk-link">
                  {r.organisationName}
                </Link>
                {r.contactName || r.contactEmail ? (
                  <span className="govuk-body-s app-contact">
                    {r.contactName}
                    {r.contactEmail ? (
                      <>
                        {r.contactName ? ', ' : ''}
                        <a className="govuk-link" href={`mailto:${r.contactEmail}`}>
                          {r.contactEmail}
                        </a>
                      </>
                    ) : null}
                  </span>
                ) : null}
              </>
            ),
          },
          { header: 'Sector', cell: (r) => sectorLabel(r.sector) },
          { header: 'Status', cell: (r) => <StatusTag status={r.status} /> },
          {
            header: 'Progress',
            cell: (r) => `${String(r.completedStandards)} of 8`,
          },
          { header: 'Last activity', cell: (r) => formatDate(r.updatedAt) },
          {
            header: 'Last reminded',
            cell: (r) => (r.lastRemindedAt ? formatDate(r.lastRemindedAt) : 'Never'),
          },
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
