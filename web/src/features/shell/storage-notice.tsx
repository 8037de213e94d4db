import { useEffect, useState } from 'react';
import { offline, requestPersistentStorage, useSyncState, type PersistResult } from '../../offline';

/**
 * Where work is kept, said only when it helps (issue 15): on the pages where
 * a return is filled in, and only when there is something to act on. A
 * browser that cannot keep work offline (a private window) is told how to
 * fix it; with changes waiting to be sent, the person is told whether the
 * device will keep them and what to do. With nothing waiting, nothing is said.
 */
export function StorageNotice() {
  const [persist, setPersist] = useState<PersistResult | null>(null);
  const [usable, setUsable] = useState<boolean | null>(null);
  const { pending } = useSyncState();
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
          This browser window cannot keep your work offline (it may be a private window). Stay
          online while you fill in your return, or open S11 Portal in a normal window.
        </strong>
      </div>
    );
  }
  if (persist === null || pending === 0) return null;
  const changes = pending === 1 ? '1 change' : `${String(pending)} changes`;
  return (
    <p className="govuk-body-s app-storage-note" data-testid="storage-persist">
      {persist === 'persisted'
        ? `${changes} saved on this device will be sent when it is online; the device will keep them until then.`
        : `${changes} ${pending === 1 ? 'is' : 'are'} saved only on this device until sent. Connect to the internet to send ${pending === 1 ? 'it' : 'them'}, and do not clear this browser’s data until then.`}
    </p>
  );
}

/** The pages where a return is filled in on this device: the only ones the notice belongs on. */
export function showsStorageNotice(path: string): boolean {
  return path === '/' || (/^\/returns\/[^/]+(\/|$)/.test(path) && !path.endsWith('/sent'));
}
