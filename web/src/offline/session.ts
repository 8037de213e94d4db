/**
 * Signing in and out on a (possibly shared) device. The signed-in user is
 * kept in the store so the app starts offline; their returns come by pull. Signing out
 * removes everything of that user from the device.
 */
import { ApiError, type Api, type Body, type TypedClient } from './api';
import { getMeta, setMeta, type OfflineDb } from './db';

/** The signed-in user as `GET /api/auth/me` answers (the route's own type). */
export type Me = Body<Awaited<ReturnType<TypedClient['auth']['me']['$get']>>>;

export class UnsentChangesError extends Error {
  constructor(readonly unsent: number) {
    super(`${String(unsent)} change(s) on this device have not been sent yet.`);
  }
}

export async function currentUser(db: OfflineDb): Promise<Me | null> {
  return (await getMeta<Me>(db, 'me')) ?? null;
}

/** Everything of the signed-in user leaves the device; the device id stays. */
export async function clearUserData(db: OfflineDb): Promise<void> {
  await db.transaction(
    'rw',
    [db.returns, db.standards, db.actions, db.moderations, db.outbox, db.conflicts, db.meta],
    async () => {
      await Promise.all([
        db.returns.clear(),
        db.standards.clear(),
        db.actions.clear(),
        db.moderations.clear(),
        db.outbox.clear(),
        db.conflicts.clear(),
      ]);
      await db.meta.where('key').notEqual('deviceId').delete();
    },
  );
}

/** The password was right; the second factor is still to set up or enter. */
export class SecondFactorRequired extends Error {
  constructor(readonly step: 'setup' | 'verify') {
    super(step === 'setup' ? 'Set up an authenticator app.' : 'Enter your authenticator code.');
  }
}

export async function signIn(
  db: OfflineDb,
  api: Api,
  email: string,
  password: string,
): Promise<Me> {
  const previous = await currentUser(db);
  const unsent = await db.outbox.count();
  let me: Me;
  try {
    me = await api.call(api.client.auth.login.$post({ json: { email, password } }));
  } catch (e) {
    const step = e instanceof ApiError && e.status === 401 ? e.problem?.secondFactor : undefined;
    if (!step) throw e;
    // Refused now, before the code, if someone else's work is waiting on this tablet.
    if (previous && previous.email.toLowerCase() !== email.trim().toLowerCase() && unsent > 0) {
      await logout(api);
      throw new UnsentChangesError(unsent);
    }
    throw new SecondFactorRequired(step);
  }
  return adopt(db, api, me);
}

/**
 * The signed-in user takes the device: checked after the server has said
 * who it is, so a shared tablet never mixes two people's work.
 */
export async function adopt(db: OfflineDb, api: Api, me: Me): Promise<Me> {
  const previous = await currentUser(db);
  const unsent = await db.outbox.count();
  if (previous && previous.id !== me.id) {
    if (unsent > 0) {
      await logout(api);
      throw new UnsentChangesError(unsent);
    }
    await clearUserData(db);
  }
  await rememberMe(db, me);
  return me;
}

/** The server's current view of the signed-in user (roles may have changed). */
export async function refreshMe(db: OfflineDb, api: Api): Promise<Me> {
  const me = await api.call(api.client.auth.me.$get());
  await rememberMe(db, me);
  return me;
}

/**
 * Keeps the user on the device. Their returns come by pull only (the sync
 * engine, started after sign-in): when what they may see changed (a first
 * sign-in, a new membership), the next pull starts from the beginning, since
 * the returns they gained changed before the device's cursor.
 */
async function rememberMe(db: OfflineDb, me: Me): Promise<void> {
  const previous = await currentUser(db);
  await db.transaction('rw', db.meta, async () => {
    if (JSON.stringify(previous?.memberships) !== JSON.stringify(me.memberships)) {
      await setMeta(db, 'cursor', '0');
      await setMeta(db, 'caughtUp', false);
    }
    await setMeta(db, 'me', me);
  });
}

/** Ends the session on the server if it can be reached (the device forgets the user either way). */
async function logout(api: Api): Promise<void> {
  await api.call(api.client.auth.logout.$post()).catch(() => undefined);
}

/**
 * Signs out. With unsent changes and no `force`, refuses with
 * UnsentChangesError so the app can offer to send them first.
 */
export async function signOut(
  db: OfflineDb,
  api: Api,
  opts: { force?: boolean } = {},
): Promise<void> {
  const unsent = await db.outbox.count();
  if (unsent > 0 && !opts.force) throw new UnsentChangesError(unsent);
  await logout(api);
  await clearUserData(db);
}
