/**
 * The offline module's one instance in the browser: store, API, sync engine
 * and draft saver, wired together. Features reach it through index.ts.
 */
import type { ActionFields, SignOffInput, StandardNumber, StandardPatch } from '@s11/shared';
import { Api } from './api';
import { openOfflineDb } from './db';
import { DraftSaver } from './drafts';
import {
  deleteAction,
  queueSubmit,
  resolveConflict,
  saveAction,
  saveStandard,
} from './local-edits';
import { clearUserData, currentUser, refreshReturns, signIn, signOut, type Me } from './session';
import { isQuotaError, withReopen } from './storage';
import { SyncEngine } from './sync-engine';

export type StorageProblem = 'quota' | 'unavailable' | null;

const db = openOfflineDb();
const api = new Api();
const engine = new SyncEngine(db, api, { attachToWindow: true });

let storageProblem: StorageProblem = null;
const storageListeners = new Set<(p: StorageProblem) => void>();
function setStorageProblem(p: StorageProblem) {
  storageProblem = p;
  for (const l of storageListeners) l(p);
}

const drafts = new DraftSaver(150, (e) => {
  setStorageProblem(isQuotaError(e) ? 'quota' : 'unavailable');
});
if (typeof window !== 'undefined') drafts.attach(window);

/** Every local write: reopen a dropped connection, report storage trouble, then let the engine send. */
async function write(fn: () => Promise<void>): Promise<void> {
  try {
    await withReopen(db, fn);
    if (storageProblem) setStorageProblem(null);
  } catch (e) {
    setStorageProblem(isQuotaError(e) ? 'quota' : 'unavailable');
    throw e;
  }
  engine.scheduleSoon();
}

export const offline = {
  db,
  api,
  engine,
  drafts,
  storageProblem: () => storageProblem,
  onStorageProblem(fn: (p: StorageProblem) => void) {
    storageListeners.add(fn);
    return () => storageListeners.delete(fn);
  },

  /** Debounced save of a standard's field while the user types. */
  queueStandardSave(returnId: string, standard: StandardNumber, key: string, patch: StandardPatch) {
    drafts.queue(`${returnId}/${String(standard)}/${key}`, () =>
      write(() => saveStandard(db, returnId, standard, patch)),
    );
  },
  saveStandardNow: (returnId: string, standard: StandardNumber, patch: StandardPatch) =>
    write(() => saveStandard(db, returnId, standard, patch)),
  saveAction: (returnId: string, actionId: string, fields: ActionFields) =>
    write(() => saveAction(db, returnId, actionId, fields)),
  deleteAction: (returnId: string, actionId: string) =>
    write(() => deleteAction(db, returnId, actionId)),
  submit: async (returnId: string, signOff: SignOffInput) => {
    await drafts.flush();
    await write(() => queueSubmit(db, returnId, signOff));
    await engine.syncNow();
  },
  resolveConflict: (conflictId: string, value: unknown) =>
    write(() => resolveConflict(db, conflictId, value)),

  async signIn(email: string, password: string): Promise<Me> {
    const me = await signIn(db, api, email, password);
    engine.resume();
    return me;
  },
  async signOut(force = false): Promise<void> {
    await drafts.flush();
    await signOut(db, api, { force });
    engine.stop();
  },
  async sendNow(): Promise<void> {
    await drafts.flush();
    await engine.syncNow();
  },
  currentUser: () => currentUser(db),
  unsentCount: () => db.outbox.count(),
  refreshReturns: () => refreshReturns(db, api),
  clearUserData: () => clearUserData(db),
};
