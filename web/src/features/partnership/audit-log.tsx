/**
 * The audit log (managers): who did what and when, newest first, filtered by
 * action, person and dates (UK days), 50 entries a page (the server pages),
 * and the same filters downloaded as CSV.
 */
import { useState, type FormEvent } from 'react';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_LABELS,
  AUDIT_PAGE_SIZE,
  AuditQuerySchema,
  ROLE_LABELS,
  type AuditAction,
  type AuditEntryBody,
  type AuditQuery,
  type Role,
} from '@s11/shared';
import { ErrorSummary, FieldError, type SummaryError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { TableScroll } from '../../components/table-scroll';
import { ApiError, send } from '../../offline';
import { formatWhen, useAuditLog } from './people-data';

type Filters = { action: string; actor: string; from: string; to: string };
const EMPTY: Filters = { action: '', actor: '', from: '', to: '' };
const FIELD_IDS: Record<keyof Filters, string> = {
  action: 'audit-action',
  actor: 'audit-actor',
  from: 'audit-from',
  to: 'audit-to',
};

const actionLabel = (a: string) => AUDIT_ACTION_LABELS[a as AuditAction] ?? a;

const roleLabel = (r: unknown) =>
  typeof r === 'string' && r in ROLE_LABELS ? ROLE_LABELS[r as Role] : '';

/** A short plain-English note of what the entry is about (never form content: the log has none). */
function about(e: AuditEntryBody): string {
  const d = e.detail;
  const parts: string[] = [];
  if (typeof d.email === 'string') parts.push(d.email);
  if (e.action === 'role_changed') parts.push(`${roleLabel(d.from)} to ${roleLabel(d.to)}`);
  else if (typeof d.role === 'string') parts.push(roleLabel(d.role));
  if (e.organisationName) parts.push(e.organisationName);
  if (typeof d.reason === 'string') parts.push(`reason: ${d.reason.replaceAll('_', ' ')}`);
  if (typeof d.format === 'string') parts.push(d.format);
  if (!parts.length && e.entity) parts.push(e.entity.replaceAll('_', ' '));
  return parts.join(', ');
}

export function AuditLog({ pid }: { pid: string }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Partial<AuditQuery>>({});
  // Cursors of the pages before this one, so "Previous" goes back exactly.
  const [cursors, setCursors] = useState<(number | undefined)[]>([]);
  const [before, setBefore] = useState<number | undefined>(undefined);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [tries, setTries] = useState(0);
  const [download, setDownload] = useState<string | null>(null);
  const log = useAuditLog(pid, { ...applied, ...(before ? { before } : {}) });

  const serverErrors: SummaryError[] =
    log.error instanceof ApiError && log.error.problem?.errors
      ? log.error.problem.errors.map((x) => ({
          field: FIELD_IDS[x.path as keyof Filters] ?? 'audit-action',
          message: x.message,
        }))
      : [];
  const shown = errors.length ? errors : serverErrors;
  const errorFor = (k: keyof Filters) => shown.find((e) => e.field === FIELD_IDS[k])?.message;

  const apply = (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = AuditQuerySchema.safeParse(draft);
    if (!parsed.success) {
      setErrors(
        parsed.error.issues.map((i) => ({
          field: FIELD_IDS[String(i.path[0]) as keyof Filters] ?? 'audit-action',
          message: i.message,
        })),
      );
      setTries((n) => n + 1);
      return;
    }
    setErrors([]);
    setApplied(parsed.data);
    setCursors([]);
    setBefore(undefined);
  };
  const clear = () => {
    setDraft(EMPTY);
    setApplied({});
    setErrors([]);
    setCursors([]);
    setBefore(undefined);
  };

  const downloadCsv = async () => {
    setDownload('Preparing...');
    try {
      const { blob, filename } = await send('audit.export', {
        pid,
        query: applied,
        onProgress: (bytes) => setDownload(`Downloading... ${String(Math.round(bytes / 1024))} KB`),
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload(`Downloaded ${filename}`);
    } catch {
      setDownload('The download failed. Check your connection and try again.');
    }
  };

  const page = log.data;
  const first = cursors.length * AUDIT_PAGE_SIZE + 1;
  const entries = page?.entries ?? [];
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  return (
    <Page title="Audit log">
      <ErrorSummary errors={shown} focusKey={tries} />
      <p className="govuk-body">
        Who did what and when: sign-ins and refusals, changes to returns, moderation, exports,
        invitations, role changes and disabled accounts. Times are UK time.
      </p>
      <form noValidate onSubmit={apply} className="app-filters" aria-label="Filter the audit log">
        <div className={`govuk-form-group${errorFor('action') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="audit-action">
            Action
          </label>
          <FieldError id="audit-action" message={errorFor('action')} />
          <select
            className="govuk-select"
            id="audit-action"
            value={draft.action}
            onChange={set('action')}
          >
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className={`govuk-form-group${errorFor('actor') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="audit-actor">
            Person’s email address
          </label>
          <div className="govuk-hint" id="audit-actor-hint">
            Or part of it, for example ‘nhs’
          </div>
          <FieldError id="audit-actor" message={errorFor('actor')} />
          <input
            className="govuk-input govuk-!-width-two-thirds"
            id="audit-actor"
            type="text"
            spellCheck={false}
            autoComplete="off"
            aria-describedby="audit-actor-hint"
            value={draft.actor}
            onChange={set('actor')}
          />
        </div>
        <div className={`govuk-form-group${errorFor('from') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="audit-from">
            From (date)
          </label>
          <FieldError id="audit-from" message={errorFor('from')} />
          <input
            className="govuk-input govuk-input--width-10"
            id="audit-from"
            type="date"
            value={draft.from}
            onChange={set('from')}
          />
        </div>
        <div className={`govuk-form-group${errorFor('to') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="audit-to">
            To (date)
          </label>
          <FieldError id="audit-to" message={errorFor('to')} />
          <input
            className="govuk-input govuk-input--width-10"
            id="audit-to"
            type="date"
            value={draft.to}
            onChange={set('to')}
          />
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">
            Apply filters
          </button>
          <button type="button" className="govuk-link app-link-button" onClick={clear}>
            Clear filters
          </button>
        </div>
      </form>
      <p className="govuk-body">
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
          onClick={() => void downloadCsv()}
        >
          Download these entries (CSV)
        </button>
      </p>
      {download ? (
        <p className="govuk-body-s" role="status">
          {download}
        </p>
      ) : null}
      <TableScroll label="Table (scrolls sideways on small screens)">
        <table className="govuk-table" data-testid="audit-log" aria-busy={log.isFetching}>
          <caption className="govuk-table__caption govuk-table__caption--m" aria-live="polite">
            {log.isPending
              ? 'Loading...'
              : page && page.total > 0
                ? `Entries ${String(first)} to ${String(first + entries.length - 1)} of ${String(page.total)}`
                : 'No entries match these filters'}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {['When', 'Who', 'Action', 'About'].map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {entries.map((e) => (
              <tr className="govuk-table__row" key={e.id}>
                <td className="govuk-table__cell">{formatWhen(e.at)}</td>
                <td className="govuk-table__cell">{e.actorEmail || 'Not signed in'}</td>
                <td className="govuk-table__cell">{actionLabel(e.action)}</td>
                <td className="govuk-table__cell">{about(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {cursors.length || page?.nextBefore ? (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Audit log pages">
          {cursors.length ? (
            <div className="govuk-pagination__prev">
              <button
                type="button"
                className="govuk-link govuk-pagination__link app-link-button"
                onClick={() => {
                  setBefore(cursors[cursors.length - 1]);
                  setCursors((c) => c.slice(0, -1));
                }}
              >
                <span className="govuk-pagination__link-title">Newer entries</span>
              </button>
            </div>
          ) : null}
          {page?.nextBefore ? (
            <div className="govuk-pagination__next">
              <button
                type="button"
                className="govuk-link govuk-pagination__link app-link-button"
                onClick={() => {
                  setCursors((c) => [...c, before]);
                  setBefore(page.nextBefore ?? undefined);
                }}
              >
                <span className="govuk-pagination__link-title">Older entries</span>
              </button>
            </div>
          ) : null}
        </nav>
      ) : null}
    </Page>
  );
}
