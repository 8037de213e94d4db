import { useEffect, useState } from 'react';
import { offline, requestPersistentStorage, type PersistResult } from '../../offline';

/** Tells the user whether this device will keep their work when offline. */
export function StorageNotice() {
  const [persist, setPersist] = useState<PersistResult | null>(null);
  const [usable, setUsable] = useState<boolean | null>(null);
  useEffect(() => {
    void offline.checkStorage().then(setUsable);
    void requestPersistentStorage().then(setPersist);
  }, []);
  if (usable === false) {
    return (
      <div className="govuk-warning-text" data-testid="storage-unavailable">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Offline working is not available in this browser window (it may be a private window). You
          can still fill in your return while you are online.
        </strong>
      </div>
    );
  }
  if (persist === null) return null;
  return (
    <p className="govuk-body-s app-storage-note" data-testid="storage-persist">
      {persist === 'persisted'
        ? 'This device will keep your work until it is sent.'
        : 'Your work is saved on this device. If the device runs very low on space, the browser may clear it: send your changes when you can.'}
    </p>
  );
}
