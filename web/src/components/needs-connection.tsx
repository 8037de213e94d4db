/**
 * A link that can only be checked by the server (an invitation, a password
 * reset), opened without a connection: say so, rather than calling a good
 * link expired.
 */
import { Page } from './page';

export function NeedsConnection({ what }: { what: string }) {
  return (
    <Page title="You need to be online">
      <p className="govuk-body">
        We could not check your {what} because this device is not connected. Open the link again
        when you are online.
      </p>
    </Page>
  );
}
