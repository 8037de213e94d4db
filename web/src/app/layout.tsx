import type { ReactNode } from 'react';
import { Link } from '../components/router';

/**
 * The page frame: a generic header carrying the partnership's name (no GOV.UK
 * crown or wording), a skip link, the main landmark, and a footer with the
 * accessibility statement, privacy notice and contact page.
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
      <footer className="app-footer" role="contentinfo">
        <div className="govuk-width-container">
          <h2 className="govuk-visually-hidden">Support links</h2>
          <ul className="app-footer__links">
            <li>
              <Link className="govuk-link app-footer__link" to="/accessibility">
                Accessibility statement
              </Link>
            </li>
            <li>
              <Link className="govuk-link app-footer__link" to="/privacy">
                Privacy notice
              </Link>
            </li>
            <li>
              <Link className="govuk-link app-footer__link" to="/contact">
                Contact
              </Link>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}
