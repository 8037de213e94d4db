import { Link } from '../../components/router';
import { Page } from '../../components/page';

/** GOV.UK's "Page not found" pattern. */
export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">
        If you pasted the web address, check you copied the entire address.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Go to the start page
        </Link>
      </p>
    </Page>
  );
}
