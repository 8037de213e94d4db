import { describeSync, useSyncState, useStorageProblem } from '../../offline';

/** Always says where the user's work is. */
export function StatusLine() {
  const sync = useSyncState();
  const storage = useStorageProblem();
  const text = describeSync(sync, true);
  const attention = sync.attention > 0;
  return (
    <div
      className={`app-status-line${attention ? ' app-status-line--attention' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="sync-status"
    >
      <span className="govuk-body-s app-status-line__text">{text}</span>
      {sync.phase === 'offline' ? (
        <span className="govuk-body-s">
          {' '}
          · Your work is saved on this device{attention ? '; some changes need your attention' : ''}
          .
        </span>
      ) : null}
      {sync.phase === 'signed-out' ? (
        <span className="govuk-body-s"> · Sign in again to send your changes.</span>
      ) : null}
      {storage === 'quota' ? (
        <strong className="govuk-body-s app-status-line__warning">
          {' '}
          · This device is out of storage space: your latest typing may not be saved. Free up space
          now.
        </strong>
      ) : null}
      {storage === 'unavailable' ? (
        <strong className="govuk-body-s app-status-line__warning">
          {' '}
          · This browser is not letting us save on the device (a private window?). Keep this page
          open until your changes are sent.
        </strong>
      ) : null}
    </div>
  );
}
