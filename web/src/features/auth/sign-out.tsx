import { useState } from 'react';
import { navigate } from '../../components/router';
import { offline, UnsentChangesError } from '../../offline';

/**
 * Signing out of a shared tablet: with unsent changes, warn and offer to send
 * them first; after sign-out nothing of this user is left on the device.
 */
export function SignOutButton() {
  const [unsent, setUnsent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const signOut = async (force: boolean) => {
    setBusy(true);
    try {
      await offline.signOut(force);
      setUnsent(null);
      navigate('/sign-in', { replace: true });
    } catch (e) {
      if (e instanceof UnsentChangesError) setUnsent(e.unsent);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="govuk-link app-link-button app-touch-target"
        onClick={() => void signOut(false)}
        disabled={busy}
      >
        Sign out
      </button>
      {unsent !== null ? <div className="app-dialog-backdrop" aria-hidden="true" /> : null}
      {unsent !== null ? (
        <div
          className="app-dialog"
          role="alertdialog"
          aria-labelledby="unsent-title"
          aria-describedby="unsent-text"
        >
          <h2 className="govuk-heading-m" id="unsent-title">
            You have changes that have not been sent
          </h2>
          <p className="govuk-body" id="unsent-text">
            {unsent} {unsent === 1 ? 'change is' : 'changes are'} saved only on this device. If you
            sign out now, they will be deleted from this device and lost.
          </p>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button"
              autoFocus
              onClick={() =>
                void offline.sendNow().then(async () => {
                  const left = await offline.unsentCount();
                  if (left === 0) await signOut(false);
                  else setUnsent(left);
                })
              }
            >
              Send my changes first
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              onClick={() => void signOut(true)}
            >
              Sign out and delete them
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => setUnsent(null)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
