/**
 * The GOV.UK summary list: one row component for every "key: value" list
 * (check your answers, moderation, a person's details), so an empty value
 * reads the same everywhere.
 */
import type { ReactNode } from 'react';

export function SummaryList({ children, noBorder }: { children: ReactNode; noBorder?: boolean }) {
  return (
    <dl className={`govuk-summary-list${noBorder ? ' govuk-summary-list--no-border' : ''}`}>
      {children}
    </dl>
  );
}

/**
 * One row. A string value keeps its line breaks (long answers); an empty one
 * reads `empty` ("Not answered" by default).
 */
export function SummaryRow({
  label,
  value,
  empty = 'Not answered',
  actions,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  empty?: string;
  /** Change/remove links or buttons, each with hidden text naming the row. */
  actions?: ReactNode;
  testId?: string;
}) {
  const blank =
    value === null ||
    value === undefined ||
    value === false ||
    (typeof value === 'string' && !value.trim());
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd
        className={`govuk-summary-list__value${typeof value === 'string' ? ' app-pre' : ''}`}
        data-testid={testId}
      >
        {blank ? empty : value}
      </dd>
      {actions ? <dd className="govuk-summary-list__actions">{actions}</dd> : null}
    </div>
  );
}
