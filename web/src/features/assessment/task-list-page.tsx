import { useState } from 'react';
import {
  STANDARDS,
  TASK_STATUS_LABELS,
  canEdit,
  formatDate,
  daysUntil,
  dueIn,
  VARIANT_LABELS,
} from '@s11/shared';
import { Page } from '../../components/page';
import { Link } from '../../components/router';
import { ApiError, offline, useSyncState } from '../../offline';
import { RefusedChanges } from './refused-changes';
import { SubmittedView } from './submitted-view';
import { useReturnData } from './use-return-data';

/** The GOV.UK task list: the 8 standards, their status, the due date and what is left. */
export function TaskListPage({ returnId }: { returnId: string }) {
  const { ret, completeness, conflicts, moderations, loading, arriving, editable } =
    useReturnData(returnId);
  const [carry, setCarry] = useState<string | null>(null);
  if (loading) return <p className="govuk-body">Loading...</p>;
  if (arriving) return <ReturnArriving />;
  if (!ret || !completeness)
    return (
      <Page title="Return not found">
        <p className="govuk-body">
          This return is not on this device.{' '}
          <Link to="/" className="govuk-link">
            Go to your returns
          </Link>
          .
        </p>
      </Page>
    );
  if (!canEdit(ret.status)) return <SubmittedView returnId={returnId} />;
  const days = ret.cycle ? daysUntil(ret.cycle.dueOn) : null;
  const startFromLast = async () => {
    setCarry('Copying last cycle’s answers...');
    try {
      await offline.carryForward(returnId);
      setCarry(null);
    } catch (e) {
      setCarry(
        e instanceof ApiError && e.status === 404
          ? 'There is no earlier return to start from.'
          : e instanceof ApiError && e.status === 0
            ? 'You need to be online to copy last cycle’s return.'
            : 'That did not work. Please try again.',
      );
    }
  };
  return (
    <Page
      title="Your Section 11 self-assessment"
      caption={`${ret.organisation?.name ?? ''} · ${ret.cycle?.name ?? ''} · ${VARIANT_LABELS[ret.variant]}`}
    >
      {ret.status === 'returned_for_changes' ? (
        <div className="govuk-inset-text">
          <strong>Your partnership returned this for changes:</strong>{' '}
          <span className="app-pre">{ret.statusMessage}</span>
          {moderations.some((m) => m.comment.trim() !== '') ? (
            <> The standards marked “Changes asked for” have the partnership’s comments.</>
          ) : null}
        </div>
      ) : null}
      {ret.cycle ? (
        <p className="govuk-body">
          Due by <strong>{formatDate(ret.cycle.dueOn)}</strong>
          {days !== null ? ` (${dueIn(days).toLowerCase()})` : ''}.
        </p>
      ) : null}
      <p className="govuk-body">
        You have completed {completeness.completedCount} of 8 standards. Your answers are saved as
        you type, on this device and then on the server.
      </p>
      <RefusedChanges returnId={returnId} />
      {conflicts.length ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Someone else changed{' '}
            {conflicts.length === 1 ? 'an answer' : `${String(conflicts.length)} answers`} you also
            changed. Open the standards marked “Needs your attention” to choose which to keep.
          </strong>
        </div>
      ) : null}
      {ret.status === 'not_started' && editable ? (
        <div className="govuk-inset-text">
          <p className="govuk-body">
            You can start from your organisation’s last return: your answers and open actions are
            copied, and you confirm each rating again.
          </p>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => void startFromLast()}
          >
            Start from last cycle’s return
          </button>
          {carry ? (
            <p className="govuk-body" role="status">
              {carry}
            </p>
          ) : null}
        </div>
      ) : null}
      <ul className="govuk-task-list" aria-label="Standards">
        {STANDARDS.map((s) => {
          const c = completeness.standards[s.number - 1];
          const hasConflict = conflicts.some(
            (x) => x.kind === 'standard' && x.key === String(s.number),
          );
          // The partnership commented on this standard when it sent the return back.
          const changesAsked =
            ret.status === 'returned_for_changes' &&
            moderations.some((m) => m.standard === s.number && m.comment.trim() !== '');
          const status = hasConflict
            ? 'Needs your attention'
            : changesAsked
              ? 'Changes asked for'
              : TASK_STATUS_LABELS[c?.status ?? 'not_started'];
          return (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={s.number}>
              <div className="govuk-task-list__name-and-hint">
                <Link
                  to={`/returns/${returnId}/standards/${String(s.number)}`}
                  className="govuk-link govuk-task-list__link"
                  aria-describedby={`std-${String(s.number)}-status`}
                >
                  {s.number}. {s.title}
                </Link>
                <div className="govuk-task-list__hint">{s.summary}</div>
              </div>
              <div className="govuk-task-list__status" id={`std-${String(s.number)}-status`}>
                {c?.status === 'completed' && !hasConflict && !changesAsked ? (
                  status
                ) : (
                  <strong
                    className={`govuk-tag ${hasConflict ? 'govuk-tag--red' : changesAsked ? 'govuk-tag--orange' : c?.status === 'in_progress' ? 'govuk-tag--light-blue' : 'govuk-tag--blue'}`}
                  >
                    {status}
                  </strong>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <h2 className="govuk-heading-m">Check and send</h2>
      {completeness.complete ? (
        <Link to={`/returns/${returnId}/check`} className="govuk-button" role="button">
          Check your answers
        </Link>
      ) : (
        <>
          <p className="govuk-body">
            When all 8 standards are completed, you can check your answers and a signatory can sign
            off and send the return.
          </p>
          <Link to={`/returns/${returnId}/check`} className="govuk-link">
            See everything you have answered so far
          </Link>
        </>
      )}
    </Page>
  );
}

/**
 * A return whose first pull has not finished (a second device's first open):
 * its answers are on their way, so it must not look empty ("0 of 8").
 */
export function ReturnArriving() {
  const sync = useSyncState();
  return (
    <Page title="Loading your return">
      <p className="govuk-body">
        Your answers are being copied to this device. This page will show them in a moment.
      </p>
      {sync.phase === 'offline' ? (
        <p className="govuk-body">
          You are offline: connect to the internet to finish copying this return. Nothing you have
          already sent is lost.
        </p>
      ) : null}
    </Page>
  );
}
