import { useEffect, useState } from 'react';
import { applyUpdate, offline, onUpdateAvailable } from '../../offline';

/** A new version never reloads the page by itself: the user chooses when, and drafts are saved first. */
export function UpdateBanner() {
  const [available, setAvailable] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const off = onUpdateAvailable(setAvailable);
    return () => {
      off();
    };
  }, []);
  if (!available) return null;
  return (
    <div
      className="govuk-notification-banner app-no-print"
      role="region"
      aria-labelledby="update-title"
      data-testid="update-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="update-title">
          Update
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">A new version is available.</p>
        <p className="govuk-body">Your work is saved on this device first, so nothing is lost.</p>
        <button
          type="button"
          className="govuk-button govuk-!-margin-bottom-0"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void applyUpdate(() => offline.flushDrafts());
          }}
        >
          Update now
        </button>
      </div>
    </div>
  );
}
