/**
 * The one module that talks to the network, IndexedDB and the service worker.
 * Features call what this exports; they never import dexie or call fetch.
 *
 * @example
 *   offline.queueStandardSave(returnId, 3, 'gaps', { gaps: text });
 *   const sync = useSyncState(); describeSync(sync, true) // 'Sending...'
 */
export { offline, send, type StorageProblem } from './client';
export type { CommandArgs, CommandName, CommandResult, ExportFile } from './commands';
export * from './hooks';
export { describeSync, type SyncState } from './sync-engine';
export { ApiError } from './api';
export { SecondFactorRequired, UnsentChangesError, type Me } from './session';
export { requestPersistentStorage, checkOfflineStorage, type PersistResult } from './storage';
export { useServiceInfo } from './service-info';
export { registerServiceWorker, onUpdateAvailable, applyUpdate } from './service-worker';
export type { LocalAction, LocalConflict, LocalReturn, LocalStandard, OutboxEntry } from './db';
