import { useState } from 'react';
import {
  RAG_SCALE,
  RETURN_STATUS_LABELS,
  STANDARDS,
  fieldLabel,
  type Rag,
  canModerate,
  decisionsFor,
} from '@s11/shared';
import { Page } from '../../components/page';
import { RagTag } from '../../components/rag-tag';
import { Radios } from '../../components/radios';
import { Link } from '../../components/router';
import { useConsoleMutations, useFullReturn, type FullReturn } from './data';

/** The whole return on one page; per standard, the partnership's rating and comment beside the self-rating. */
export function ModerateReturn({ returnId, canManage }: { returnId: string; canManage: boolean }) {
  const q = useFullReturn(returnId);
  const { setStatus } = useConsoleMutations();
  const [message, setMessage] = useState('');
  if (q.isPending) return <p className="govuk-body">Loading...</p>;
  if (q.isError) return <Page title="Return not found" />;
  const r = q.data;
  const decisions = decisionsFor(r.return.status);
  return (
    <Page
      title={r.organisation?.name ?? 'Return'}
      caption={`${r.cycle?.name ?? ''} · ${r.return.variant === 'light' ? 'Light form' : 'Full form'}`}
    >
      <Link to="/partnership/returns" className="govuk-back-link">
        Back to returns
      </Link>
      <p className="govuk-body">
        Status: <strong>{RETURN_STATUS_LABELS[r.return.status]}</strong>
        {r.return.signOff
          ? ` · signed off by ${r.return.signOff.name}, ${r.return.signOff.jobTitle}`
          : ''}
      </p>
      {STANDARDS.map((s) => (
        <StandardReview
          key={s.number}
          r={r}
          standard={s.number}
          canModerate={canManage && canModerate(r.return.status)}
        />
      ))}
      {canManage && decisions.length ? (
        <div className="app-decision">
          <h2 className="govuk-heading-m">Decision</h2>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="status-message">
              Message to the organisation (needed to return it for changes)
            </label>
            <textarea
              className="govuk-textarea"
              id="status-message"
              rows={3}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          </div>
          <div className="govuk-button-group">
            {decisions.includes('accepted') ? (
              <button
                type="button"
                className="govuk-button"
                onClick={() => setStatus.mutate({ returnId, status: 'accepted', message })}
              >
                Accept the return
              </button>
            ) : null}
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() =>
                setStatus.mutate({ returnId, status: 'returned_for_changes', message })
              }
            >
              Return it for changes
            </button>
          </div>
          {setStatus.isError ? (
            <p className="govuk-error-message" role="alert">
              Write a message telling the organisation what to change.
            </p>
          ) : null}
        </div>
      ) : null}
    </Page>
  );
}

function StandardReview({
  r,
  standard,
  canModerate,
}: {
  r: FullReturn;
  standard: number;
  canModerate: boolean;
}) {
  const s = STANDARDS[standard - 1];
  const resp = r.standards.find((x) => x.standard === standard)?.fields;
  const mod = r.moderations.find((m) => m.standard === standard);
  const { moderate } = useConsoleMutations();
  const [rag, setRag] = useState<Rag | null>(mod?.rag ?? null);
  const [comment, setComment] = useState(mod?.comment ?? '');
  if (!s) return null;
  const acts = r.actions.filter((a) => a.fields.standard === standard && !a.deleted);
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">
          {standard}. {s.title}
        </h2>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          {r.return.variant === 'full' ? (
            <>
              <Row k={fieldLabel('currentPractice')} v={resp?.currentPractice} />
              <Row k={fieldLabel('evidence')} v={resp?.evidence} />
              <Row k={fieldLabel('gaps')} v={resp?.gaps} />
            </>
          ) : (
            s.lightChecks.map((c) => (
              <Row
                key={c.id}
                k={c.question}
                v={`${resp?.checks[c.id]?.answer ?? 'Not answered'}${resp?.checks[c.id]?.note ? `: ${resp.checks[c.id]?.note ?? ''}` : ''}`}
              />
            ))
          )}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{fieldLabel('rag')}</dt>
            <dd className="govuk-summary-list__value">
              <RagTag rag={resp?.rag} /> {resp?.ragReason}
            </dd>
          </div>
          {acts.length ? (
            <Row
              k="Actions"
              v={acts.map((a) => `${a.fields.what} (${a.fields.owner})`).join('\n')}
            />
          ) : null}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Partnership’s rating</dt>
            <dd className="govuk-summary-list__value" data-testid={`moderated-${String(standard)}`}>
              {mod ? (
                <>
                  <RagTag rag={mod.rag} /> {mod.comment}
                </>
              ) : (
                'Not moderated'
              )}
            </dd>
          </div>
        </dl>
        {canModerate ? (
          <div className="app-moderation-form">
            <Radios<Rag>
              id={`mod-${String(standard)}`}
              legend={`Partnership rating for standard ${String(standard)}`}
              inline
              small
              value={rag}
              onChange={setRag}
              options={(['green', 'amber', 'red', 'not_rated'] as const).map((x) => ({
                value: x,
                label: RAG_SCALE[x].label,
              }))}
            />
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`mod-comment-${String(standard)}`}>
                Comment for standard {standard}
              </label>
              <textarea
                className="govuk-textarea"
                id={`mod-comment-${String(standard)}`}
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </div>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={!rag || moderate.isPending}
              onClick={() =>
                rag && moderate.mutate({ returnId: r.return.id, standard, input: { rag, comment } })
              }
            >
              Save moderation for standard {standard}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function Row({ k, v }: { k: string; v: string | undefined }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value app-pre">{v?.trim() ? v : 'Not answered'}</dd>
    </div>
  );
}
