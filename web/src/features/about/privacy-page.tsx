import { useServiceInfo } from '../../offline';
import { Page } from '../../components/page';
import { ContactLine, ownerOf } from './operator';

/**
 * The privacy notice: what this service keeps about the people who use it,
 * why, for how long and who sees it. Each statement here is what the code
 * does (the session cookie, the audit log's fields, the device store):
 * change it with them.
 */
export function PrivacyPage() {
  const info = useServiceInfo();
  const owner = ownerOf(info);
  return (
    <Page title="Privacy notice">
      <p className="govuk-body">
        This notice explains what the Section 11 self-assessment service keeps about you and why.
        The service is run by {owner}, the data controller.
      </p>

      <h2 className="govuk-heading-m">What we keep</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>your name, work email address, and your role for your organisation or partnership</li>
        <li>
          your organisation&apos;s answers to the self-assessment, its actions, and the name and job
          title of the person who signs it off
        </li>
        <li>
          a record of sign-ins and changes: who, when, from which internet address, and which
          answers changed (not what they say)
        </li>
      </ul>
      <p className="govuk-body">
        The answers are about your organisation&apos;s safeguarding arrangements. Do not write the
        names or details of children, families or members of staff in them.
      </p>

      <h2 className="govuk-heading-m">Why we keep it</h2>
      <p className="govuk-body">
        Section 11 of the Children Act 2004 places a duty on organisations to make arrangements to
        safeguard and promote the welfare of children, and safeguarding children partnerships check
        those arrangements. We use your information to run that audit: to let you fill in and send
        your organisation&apos;s return, and to let the partnership review it and report to its
        board. The lawful basis is that this is a task carried out in the public interest (UK GDPR
        Article 6(1)(e)).
      </p>

      <h2 className="govuk-heading-m">Who can see it</h2>
      <p className="govuk-body">
        People your organisation has given access can see and change its return. The
        partnership&apos;s staff can see every return sent to it; its board sees totals by sector
        and standard. We do not sell your information or use it for marketing.
      </p>

      <h2 className="govuk-heading-m">Cookies and your device</h2>
      <p className="govuk-body">
        The service sets one cookie, to keep you signed in (and, if you sign in with your
        organisation account, a second one for the moment that takes). They are essential, so we do
        not ask for consent. While you fill in a return, your answers are also kept on your device,
        so that nothing is lost without a network connection. On a shared device, sign out when you
        finish: signing out removes them from the device.
      </p>

      <h2 className="govuk-heading-m">How long we keep it</h2>
      <p className="govuk-body">
        Returns and the record of changes are kept for as long as the partnership needs them for its
        audits. Your account stays until your organisation or the partnership removes it.
      </p>

      <h2 className="govuk-heading-m">Your rights</h2>
      <p className="govuk-body">
        You can ask to see the information we hold about you, and ask us to correct it.
      </p>
      <ContactLine info={info} purpose="to make a request or ask a question" />
      <p className="govuk-body">
        If you are not happy with how we handle your information, you can complain to the{' '}
        <a className="govuk-link" href="https://ico.org.uk/make-a-complaint/" rel="noreferrer">
          Information Commissioner&apos;s Office
        </a>
        .
      </p>
    </Page>
  );
}
