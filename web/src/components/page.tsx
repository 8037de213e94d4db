import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorSummary, type SummaryError } from './error-summary';

/**
 * A page's title and heading. On arrival the heading takes focus, so a screen
 * reader announces the new page and keyboard users start at its top. A form
 * page passes its errors (from useProblemForm): the error summary then sits
 * at the top, above the heading, and the title starts with "Error:" (GOV.UK).
 */
export function Page({
  title,
  caption,
  children,
  errors = [],
  focusKey,
}: {
  title: string;
  caption?: string;
  children?: ReactNode;
  errors?: SummaryError[];
  focusKey?: number;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const failed = errors.length > 0;
  useEffect(() => {
    document.title = `${failed ? 'Error: ' : ''}${title} - S11 Portal`;
  }, [title, failed]);
  useEffect(() => {
    ref.current?.focus();
  }, [title]);
  return (
    <>
      <ErrorSummary errors={errors} focusKey={focusKey} />
      {caption ? <span className="govuk-caption-l">{caption}</span> : null}
      <h1 className="govuk-heading-l app-page-heading" tabIndex={-1} ref={ref}>
        {title}
      </h1>
      {children}
    </>
  );
}
