import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A page's title and heading. On arrival the heading takes focus, so a screen
 * reader announces the new page and keyboard users start at its top.
 */
export function Page({
  title,
  caption,
  children,
}: {
  title: string;
  caption?: string;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} - S11 Portal`;
    ref.current?.focus();
  }, [title]);
  return (
    <>
      {caption ? <span className="govuk-caption-l">{caption}</span> : null}
      <h1 className="govuk-heading-l app-page-heading" tabIndex={-1} ref={ref}>
        {title}
      </h1>
      {children}
    </>
  );
}
