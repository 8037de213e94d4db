import { RAG_SCALE, STANDARDS } from '@s11/shared';
import { RagTag } from '../../components/rag-tag';
import { StandardAnswers } from '../../components/standard-answers';
import { SummaryRow } from '../../components/summary-list';
import { Link } from '../../components/router';
import type { useReturnData } from './use-return-data';

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
              <StandardAnswers
                standard={s.number}
                variant={ret.variant}
                fields={f}
                actions={acts.map((a) => a.fields)}
              >
                {mod ? (
                  <SummaryRow
                    label="Partnership’s rating"
                    testId={`moderation-${String(s.number)}`}
                    value={
                      <>
                        <RagTag rag={mod.rag} /> {mod.comment ? <span>{mod.comment}</span> : null}
                        <span className="govuk-visually-hidden"> ({RAG_SCALE[mod.rag].label})</span>
                      </>
                    }
                  />
                ) : null}
              </StandardAnswers>
            </div>
          </div>
        );
      })}
    </>
  );
}
