/**
 * The offline module's one instance in the browser: store, API, sync engine
 * and draft saver, wired together. Features reach it through index.ts, and
 * only through named operations: the store, the typed client, the engine and
 * the draft saver stay inside offline/ (decision 016).
 */
import {
  EMPTY_STANDARD_FIELDS,
  type ActionFields,
  type SecondFactorVerify,
  type SignOffInput,
  type StandardFields,
  type StandardNumber,
  type StandardPatch,
} from '@s11/shared';
import { Api, ApiError } from './api';
import { createCommands, type CommandArgs, type CommandName, type CommandResult } from './commands';
import { openOfflineDb } from './db';
import { releaseOnPageCache } from './page-cache';
import { DraftSaver } from './drafts';
import { KeystrokeJournal, draftSink, pageStorage } from './journal';
import {
  deleteAction,
  queueSubmit,
  resolveConflict,
  retryRefusedChange,
  saveAction,
  saveStandard,
} from './local-edits';
import {
  SecondFactorRequired,
  adopt,
  clearUserData,
  currentUser,
  refreshMe,
  signIn,
  signOut,
  type Me,
} from './session';
import { checkOfflineStorage, isQuotaError, withReopen } from './storage';
import { SyncEngine } from './sync-engine';

export type StorageProblem = 'quota' | 'unavailable' | null;

// Exported for the hooks beside this file only: index.ts does not re-export them.
export const db = openOfflineDb();
const api = new Api();
export const engine = new SyncEngine(db, api, { attachToWindow: true });
const commands = createCommands(api);

/**
 * Asks the server by name (see commands.ts): the arguments and the answer
 * are the route's own types.
 *
 * @example const { cycles } = await send('cycles.list', { pid });
 */
export function send<K extends CommandName>(
  name: K,
  ...args: CommandArgs<K>
): Promise<CommandResult<K>> {
  const command = commands[name] as (...a: CommandArgs<K>) => Promise<CommandResult<K>>;
  return command(...args);
}

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

const journal = new KeystrokeJournal(pageStorage());

/**
 * What an earlier page typed but had not saved (it went away within the
 * autosave pause) goes into the draft and outbox before anything reads them.
 */
const journalReplayed: Promise<void> = journal
  .replay(draftSink(db, (r, s, p) => write(() => saveStandard(db, r, s, p))))
  .then(
    () => undefined,
    () => undefined,
  );

// A page going into the back-forward cache leaves no database work behind
// (WebKit would block the next page's IndexedDB); a restored page starts afresh.
if (typeof window !== 'undefined') releaseOnPageCache(db, window);

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
  journalReplayed,
  storageProblem: () => storageProblem,
  onStorageProblem(fn: (p: StorageProblem) => void) {
    storageListeners.add(fn);
    return () => storageListeners.delete(fn);
  },

  /**
   * A standard's field as the user types: journalled at once (synchronously,
   * so it survives the page going away), saved to the draft after a pause.
   */
  queueStandardSave(returnId: string, standard: StandardNumber, key: string, patch: StandardPatch) {
    const field = `${returnId}/${String(standard)}/${key}`;
    const token = journal.write(field, returnId, standard, patch);
    drafts.queue(field, async () => {
      await write(() => saveStandard(db, returnId, standard, patch));
      journal.saved(field, token);
    });
  },
  /**
   * A change that needs attention (refused, or too many server errors), sent
   * again at the user's word: it is pending once more, with its count reset.
   */
  retryChange: (seq: number) => write(() => retryRefusedChange(db, seq)),
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
  /** Starts setting up an authenticator app (the session has passed the password). */
  secondFactorSetup: () => api.call(api.client.auth['second-factor'].totp.setup.$post()),
  /** Confirms the app with a code: signed in, and the recovery codes to show once. */
  async confirmTotp(code: string) {
    const res = await api.call(
      api.client.auth['second-factor'].totp.confirm.$post({ json: { code } }),
    );
    const me = await adopt(db, api, res.me);
    engine.resume();
    return { me, recoveryCodes: res.recoveryCodes };
  },
  /** A code from the app, or a recovery code, after the password. */
  async verifySecondFactor(body: SecondFactorVerify) {
    const res = await api.call(api.client.auth['second-factor'].verify.$post({ json: body }));
    await adopt(db, api, res);
    engine.resume();
    return res;
  },
  /** After single sign-on: the server has started the session; the device adopts the user. */
  async finishSso(): Promise<Me> {
    let me: Me;
    try {
      me = await api.call(api.client.auth.me.$get());
    } catch (e) {
      const step = e instanceof ApiError && e.status === 401 ? e.problem?.secondFactor : undefined;
      if (step) throw new SecondFactorRequired(step);
      throw e;
    }
    await adopt(db, api, me);
    engine.resume();
    return me;
  },
  async signOut(force = false): Promise<void> {
    await drafts.flush();
    await signOut(db, api, { force });
    journal.clear();
    engine.stop();
  },
  async sendNow(): Promise<void> {
    await drafts.flush();
    await engine.syncNow();
  },
  /** Starts syncing for the signed-in user (the app calls it once someone is signed in). */
  startSync: () => engine.start(),
  /** Writes every pending draft now (before the page reloads for an update, say). */
  flushDrafts: () => drafts.flush(),
  /** A standard's fields as saved on the device, once every pending draft is written. */
  async savedStandardFields(returnId: string, standard: StandardNumber): Promise<StandardFields> {
    await drafts.flush();
    return (await db.standards.get([returnId, standard]))?.fields ?? EMPTY_STANDARD_FIELDS;
  },
  /** Whether this browser window can keep work offline (a private window may not). */
  checkStorage: () => checkOfflineStorage(db),
  /** Copies last cycle's answers into this return on the server, then pulls them. */
  async carryForward(returnId: string): Promise<void> {
    await send('returns.carryForward', { returnId });
    await offline.sendNow();
  },
  /** Takes up an invitation as the signed-in user; their new role comes with it. */
  async claimInvitation(token: string): Promise<Me> {
    await send('invitations.claim', { token });
    return offline.refreshMe();
  },
  currentUser: () => currentUser(db),
  /** Re-reads the signed-in user (after an invitation grants a new role). */
  async refreshMe(): Promise<Me> {
    const me = await refreshMe(db, api);
    void engine.syncNow();
    return me;
  },
  unsentCount: () => db.outbox.count(),
  clearUserData: async () => {
    await clearUserData(db);
    journal.clear();
  },
};
