/**
 * The audit log (managers): who did what and when, newest first, filtered by
 * action, person and dates (UK days), 50 entries a page (the server pages),
 * and the same filters downloaded as CSV.
 */
import { useEffect, useState } from 'react';
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
  formatDateTime,
} from '@s11/shared';
import { Select, TextInput } from '../../components/field';
import { Page } from '../../components/page';
import { Table } from '../../components/table';
import { useProblemForm } from '../../components/use-problem-form';
import { send } from '../../offline';
import { useAuditLog } from './people-data';

/** The filters as the form holds them: an empty one means "any". */
const EMPTY = { action: '', actor: '', from: '', to: '' } as const;

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
  const [applied, setApplied] = useState<Partial<AuditQuery>>({});
  // Cursors of the pages before this one, so "Previous" goes back exactly.
  const [cursors, setCursors] = useState<(number | undefined)[]>([]);
  const [before, setBefore] = useState<number | undefined>(undefined);
  const [download, setDownload] = useState<string | null>(null);
  const log = useAuditLog(pid, { ...applied, ...(before ? { before } : {}) });
  const form = useProblemForm({
    schema: AuditQuerySchema,
    defaultValues: EMPTY,
    idPrefix: 'audit-',
    fallbackField: 'action',
    onSubmit: (v) => {
      setApplied(v);
      setCursors([]);
      setBefore(undefined);
    },
  });
  // The filters are sent as the log's query: a refusal of them is the form's.
  const { fail } = form;
  useEffect(() => {
    if (log.error) fail(log.error);
  }, [log.error, fail]);
  const clear = () => {
    form.form.reset(EMPTY);
    setApplied({});
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
  return (
    <Page title="Audit log" {...form.page}>
      <p className="govuk-body">
        Who did what and when: sign-ins and refusals, changes to returns, moderation, exports,
        invitations, role changes and disabled accounts. Times are UK time.
      </p>
      <form {...form.formProps} className="app-filters" aria-label="Filter the audit log">
        <Select
          label="Action"
          labelSize="regular"
          options={[
            { value: '', label: 'All actions' },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] })),
          ]}
          {...form.field('action')}
        />
        <TextInput
          label="Person’s email address"
          labelSize="regular"
          hint="Or part of it, for example ‘nhs’"
          inputClassName="govuk-!-width-two-thirds"
          type="text"
          spellCheck={false}
          autoComplete="off"
          {...form.field('actor')}
        />
        <TextInput
          label="From (date)"
          labelSize="regular"
          inputClassName="govuk-input--width-10"
          type="date"
          {...form.field('from')}
        />
        <TextInput
          label="To (date)"
          labelSize="regular"
          inputClassName="govuk-input--width-10"
          type="date"
          {...form.field('to')}
        />
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
      <Table
        caption={
          log.isPending
            ? 'Loading...'
            : page && page.total > 0
              ? `Entries ${String(first)} to ${String(first + entries.length - 1)} of ${String(page.total)}`
              : 'No entries match these filters'
        }
        captionLive
        busy={log.isFetching}
        testId="audit-log"
        rows={entries}
        rowKey={(e) => String(e.id)}
        columns={[
          { header: 'When', cell: (e) => formatDateTime(e.at) },
          { header: 'Who', cell: (e) => e.actorEmail || 'Not signed in' },
          { header: 'Action', cell: (e) => actionLabel(e.action) },
          { header: 'About', cell: (e) => about(e) },
        ]}
      />
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
