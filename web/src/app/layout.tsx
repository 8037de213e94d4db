import type { ReactNode } from 'react';

/**
 * The page frame: a generic header carrying the partnership's name (no GOV.UK
 * crown or wording), a skip link, and the main landmark.
 */
export function Layout({
  partnershipName,
  nav,
  status,
  children,
}: {
  partnershipName: string;
  nav?: ReactNode;
  status?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <header className="app-header" role="banner">
        <div className="govuk-width-container app-header__inner">
          <a href="/" className="app-header__name">
            {partnershipName}
          </a>
          <span className="app-header__service">Section 11 self-assessment</span>
          {nav ? (
            <nav aria-label="Account" className="app-header__nav">
              {nav}
            </nav>
          ) : null}
        </div>
      </header>
      {status ? <div className="govuk-width-container">{status}</div> : null}
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
    </>
  );
}
