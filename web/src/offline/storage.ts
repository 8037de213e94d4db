/**
 * What the device's storage can do: persistent storage (so the browser does
 * not evict drafts under pressure), whether IndexedDB works at all (a private
 * window may refuse it), and recognising a full disk.
 */
import Dexie from 'dexie';
import type { OfflineDb } from './db';

export type PersistResult = 'persisted' | 'not-persisted' | 'unsupported';

export async function requestPersistentStorage(): Promise<PersistResult> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return 'unsupported';
  try {
    if (await navigator.storage.persisted()) return 'persisted';
    return (await navigator.storage.persist()) ? 'persisted' : 'not-persisted';
  } catch {
    return 'unsupported';
  }
}

/** Can this device write to IndexedDB? */
export async function checkOfflineStorage(db: OfflineDb): Promise<boolean> {
  try {
    await db.open();
    await db.meta.put({ key: 'probe', value: Date.now() });
    return true;
  } catch {
    return false;
  }
}

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string; inner?: { name?: string } } | null)?.name;
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name;
  return (
    name === 'QuotaExceededError' ||
    inner === 'QuotaExceededError' ||
    e instanceof Dexie.QuotaExceededError
  );
}

function isClosedError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return (
    e instanceof Dexie.DatabaseClosedError ||
    name === 'DatabaseClosedError' ||
    name === 'InvalidStateError'
  );
}

/**
 * WebKit drops IndexedDB connections of pages left in the background. On a
 * closed-connection error, reopen and try once more; anything else (or a
 * second failure) is thrown so the user is told, never swallowed.
 */
export async function withReopen<T>(db: OfflineDb, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isClosedError(e)) throw e;
    if (!db.isOpen()) await db.open();
    return fn();
  }
}
