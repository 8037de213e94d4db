import { useServiceInfo } from '../../offline';
import { Page } from '../../components/page';
import { ContactLine, ownerOf } from './operator';

/**
 * The accessibility statement the Public Sector Bodies (Websites and Mobile
 * Applications) (No. 2) Accessibility Regulations 2018 require, on GOV.UK's
 * model. The known problems listed are the ones still open in the issue
 * tracker: remove each here as it is fixed (a statement that claims more
 * than the service does is a defect).
 */
export function AccessibilityPage() {
  const info = useServiceInfo();
  const owner = ownerOf(info);
  return (
    <Page title="Accessibility statement for the Section 11 self-assessment">
      <p className="govuk-body">
        This statement applies to the Section 11 self-assessment service, run by {owner}. We want as
        many people as possible to be able to use it. For example, you should be able to:
      </p>
      <ul className="govuk-list govuk-list--bullet">
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>use the whole service with a keyboard alone</li>
        <li>use the whole service with a screen reader</li>
        <li>fill in your answers on a tablet or phone, with or without a network connection</li>
      </ul>

      <h2 className="govuk-heading-m">How accessible this service is</h2>
      <p className="govuk-body">We know some parts of this service are not fully accessible:</p>
      <ul className="govuk-list govuk-list--bullet">
        <li>
          some date questions use your browser&apos;s own date picker, which may show dates in a
          format such as month, day, year
        </li>
        <li>
          on a phone, some tables scroll sideways, and some links are smaller than 24 pixels high
        </li>
        <li>some pages show internal codes, such as not_started, instead of words</li>
      </ul>

      <h2 className="govuk-heading-m">Feedback and contact information</h2>
      <ContactLine
        info={info}
        purpose="if you need information in a different format, or to tell us about a problem"
      />

      <h2 className="govuk-heading-m">Enforcement procedure</h2>
      <p className="govuk-body">
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the
        accessibility regulations. If you are not happy with how we respond to your complaint,{' '}
        <a className="govuk-link" href="https://www.equalityadvisoryservice.com/" rel="noreferrer">
          contact the Equality Advisory and Support Service (EASS)
        </a>
        .
      </p>

      <h2 className="govuk-heading-m">
        Technical information about this service&apos;s accessibility
      </h2>
      <p className="govuk-body">
        {owner.charAt(0).toUpperCase() + owner.slice(1)} is committed to making this service
        accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications)
        (No. 2) Accessibility Regulations 2018.
      </p>
      <h3 className="govuk-heading-s">Compliance status</h3>
      <p className="govuk-body">
        This service is partially compliant with the Web Content Accessibility Guidelines version
        2.2 AA standard, due to the problems listed above.
      </p>

      <h2 className="govuk-heading-m">How we tested this service</h2>
      <p className="govuk-body">
        Every change is checked automatically with axe-core in Chromium and WebKit (the engine of
        Safari on an iPad), and the main journeys are tested by keyboard and by the names a screen
        reader announces.
      </p>
      <p className="govuk-body">This statement was prepared on 23 November 2026.</p>
    </Page>
  );
}
