/**
 * One standard's answers as summary-list rows: the full form's three long
 * answers or the light form's checks, the rating and the actions. Check your
 * answers (the organisation) and moderation (the partnership) both show them,
 * so both read the same words ("Yes", "Not answered"...).
 */
import type { ReactNode } from 'react';
import {
  ACTION_STATUS_LABELS,
  CHECK_ANSWER_LABELS,
  fieldLabel,
  getStandard,
  type ActionFields,
  type StandardFields,
  type StandardNumber,
  type Variant,
  formatDate,
} from '@s11/shared';
import { RagTag } from './rag-tag';
import { SummaryList, SummaryRow } from './summary-list';

/** An action as a line: what, who, by when, and its status. */
function actionLine(a: ActionFields) {
  return `${a.what} (${a.owner}${a.dueOn ? `, by ${formatDate(a.dueOn)}` : ''}; ${ACTION_STATUS_LABELS[a.status]})`;
}

export function StandardAnswers({
  standard,
  variant,
  fields,
  actions,
  children,
}: {
  standard: StandardNumber;
  variant: Variant;
  fields: StandardFields | undefined;
  actions: readonly ActionFields[];
  /** Rows the page adds after the answers (the partnership's rating). */
  children?: ReactNode;
}) {
  return (
    <SummaryList>
      {variant === 'full' ? (
        <>
          <SummaryRow label={fieldLabel('currentPractice')} value={fields?.currentPractice} />
          <SummaryRow label={fieldLabel('evidence')} value={fields?.evidence} />
          <SummaryRow label={fieldLabel('gaps')} value={fields?.gaps} />
        </>
      ) : (
        getStandard(standard).lightChecks.map((c) => {
          const answer = fields?.checks[c.id];
          return (
            <SummaryRow
              key={c.id}
              label={c.question}
              value={[
                answer?.answer ? CHECK_ANSWER_LABELS[answer.answer] : 'Not answered',
                answer?.note,
              ]
                .filter(Boolean)
                .join(': ')}
            />
          );
        })
      )}
      <SummaryRow
        label={fieldLabel('rag')}
        value={
          <>
            <RagTag rag={fields?.rag} />{' '}
            {fields?.ragReason ? <span className="govuk-body-s">({fields.ragReason})</span> : null}
          </>
        }
      />
      {actions.length ? (
        <SummaryRow label="Actions" value={actions.map(actionLine).join('\n')} />
      ) : null}
      {children}
    </SummaryList>
  );
}
