import { useServiceInfo } from '../../offline';
import { Page } from '../../components/page';
import { ContactLine, ownerOf } from './operator';

export function ContactPage() {
  const info = useServiceInfo();
  return (
    <Page title="Contact">
      <p className="govuk-body">This service is run by {ownerOf(info)}.</p>
      <ContactLine
        info={info}
        purpose="for help with your return, your account or signing in, or to report a problem"
      />
      <p className="govuk-body">
        If you are worried about a child, do not use this service or email: contact your local
        children&apos;s social care team, or call 999 if a child is in immediate danger.
      </p>
    </Page>
  );
}
