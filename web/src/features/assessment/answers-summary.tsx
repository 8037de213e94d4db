import { ACTION_STATUS_LABELS, RAG_SCALE, STANDARDS, fieldLabel } from '@s11/shared';
import { RagTag } from '../../components/rag-tag';
import { Link } from '../../components/router';
import type { useReturnData } from './use-return-data';

const ANSWER: Record<string, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

/** Every answer of a return on one page (check your answers, the read-only view, and print). */
export function AnswersSummary({
  data,
  changeLinks,
}: {
  data: ReturnType<typeof useReturnData>;
  changeLinks: boolean;
}) {
  const { ret, standards, actions, moderations } = data;
  if (!ret) return null;
  return (
    <>
      {STANDARDS.map((s) => {
        const f = standards[s.number];
        const mod = moderations.find((m) => m.standard === s.number);
        const acts = actions.filter((a) => a.fields.standard === s.number);
        return (
          <div className="govuk-summary-card app-avoid-break" key={s.number}>
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">
                {s.number}. {s.title}
              </h2>
              {changeLinks ? (
                <ul className="govuk-summary-card__actions">
                  <li className="govuk-summary-card__action">
                    <Link
                      to={`/returns/${ret.id}/standards/${String(s.number)}`}
                      className="govuk-link"
                    >
                      Change<span className="govuk-visually-hidden"> standard {s.number}</span>
                    </Link>
                  </li>
                </ul>
              ) : null}
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                {ret.variant === 'full' ? (
                  <>
                    <Row k={fieldLabel('currentPractice')} v={f?.currentPractice} />
                    <Row k={fieldLabel('evidence')} v={f?.evidence} />
                    <Row k={fieldLabel('gaps')} v={f?.gaps} />
                  </>
                ) : (
                  s.lightChecks.map((c) => (
                    <Row
                      key={c.id}
                      k={c.question}
                      v={[
                        ANSWER[f?.checks[c.id]?.answer ?? ''] ?? 'Not answered',
                        f?.checks[c.id]?.note,
                      ]
                        .filter(Boolean)
                        .join(': ')}
                    />
                  ))
                )}
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{fieldLabel('rag')}</dt>
                  <dd className="govuk-summary-list__value">
                    <RagTag rag={f?.rag} />{' '}
                    {f?.ragReason ? <span className="govuk-body-s">({f.ragReason})</span> : null}
                  </dd>
                </div>
                {acts.length ? (
                  <Row
                    k="Actions"
                    v={acts
                      .map(
                        (a) =>
                          `${a.fields.what} (${a.fields.owner}${a.fields.dueOn ? `, by ${a.fields.dueOn}` : ''}; ${ACTION_STATUS_LABELS[a.fields.status]})`,
                      )
                      .join('\n')}
                  />
                ) : null}
                {mod ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Partnership’s rating</dt>
                    <dd
                      className="govuk-summary-list__value"
                      data-testid={`moderation-${String(s.number)}`}
                    >
                      <RagTag rag={mod.rag} /> {mod.comment ? <span>{mod.comment}</span> : null}
                      <span className="govuk-visually-hidden"> ({RAG_SCALE[mod.rag].label})</span>
                    </dd>
                  </div>
                ) : null}
              </dl>
            </div>
          </div>
        );
      })}
    </>
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
