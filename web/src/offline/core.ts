/**
 * The offline module without the browser singletons (no window, no service
 * worker): what tests and benchmarks drive directly against a real server.
 */
export { Api, ApiError, type FetchLike } from './api';
export { openOfflineDb, getMeta, type OfflineDb } from './db';
export {
  saveStandard,
  saveAction,
  deleteAction,
  queueSubmit,
  resolveConflict,
  retryRefusedChange,
  deviceId,
} from './local-edits';
export { signIn, signOut, clearUserData, UnsentChangesError } from './session';
export { SyncEngine, describeSync, type SyncState } from './sync-engine';
export { DraftSaver } from './drafts';
