import { useEffect, useId, useRef } from 'react';

export interface SummaryError {
  /** The id of the field (without #). */
  field: string;
  message: string;
}

/**
 * The GOV.UK error summary: it takes focus when it appears, and each message
 * links to its field. Forms show it through `<Page errors>` (see page.tsx).
 */
export function ErrorSummary({ errors, focusKey }: { errors: SummaryError[]; focusKey?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  // A page may show more than one (a form inside a form's page): ids stay unique.
  const titleId = useId();
  const shown = errors.length > 0;
  // Focus when the summary appears or a submit fails again (focusKey), not
  // when a message goes away while the user is correcting a field.
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, focusKey]);
  if (!errors.length) return null;
  return (
    <div
      className="govuk-error-summary"
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={titleId}
    >
      <h2 className="govuk-error-summary__title" id={titleId}>
        There is a problem
      </h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {errors.map((e) => (
            <li key={`${e.field}-${e.message}`}>
              <a
                href={`#${e.field}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  const el = document.getElementById(e.field);
                  el?.focus();
                  // Not every environment scrolls (jsdom has no scrollIntoView).
                  if (typeof el?.scrollIntoView === 'function')
                    el.scrollIntoView({ block: 'center' });
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}
