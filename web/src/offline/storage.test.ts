import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openOfflineDb } from './db';
import { isQuotaError, withReopen } from './storage';
import { db, engine, offline } from './client';

describe('storage', () => {
  it('reopens a dropped IndexedDB connection (as WebKit does in the background) and saves', async () => {
    const db = openOfflineDb(`reopen-${crypto.randomUUID()}`);
    await db.open();
    db.close();
    await withReopen(db, () => db.meta.put({ key: 'k', value: 1 }).then(() => undefined));
    expect((await db.meta.get('k'))?.value).toBe(1);
  });

  it('does not swallow other failures', async () => {
    const db = openOfflineDb(`other-${crypto.randomUUID()}`);
    await expect(withReopen(db, () => Promise.reject(new Error('disk on fire')))).rejects.toThrow(
      'disk on fire',
    );
  });

  it('recognises a full disk however the browser reports it', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
  });

  it('tells the user when a save fails because the device is full, and clears it when saving works again', async () => {
    const seen: (string | null)[] = [];
    const off = offline.onStorageProblem((p) => seen.push(p));
    const original = db.outbox.add.bind(db.outbox);
    db.outbox.add = () =>
      Dexie.Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const returnId = crypto.randomUUID();
    await expect(
      offline.saveStandardNow(returnId, 1, { gaps: 'typed on a full device' }),
    ).rejects.toBeTruthy();
    expect(offline.storageProblem()).toBe('quota');
    // Nothing half-written: the draft and its outbox entry share one transaction.
    expect(await db.standards.get([returnId, 1])).toBeUndefined();
    db.outbox.add = original;
    await offline.saveStandardNow(returnId, 1, { gaps: 'typed on a full device' });
    expect(offline.storageProblem()).toBeNull();
    expect(seen).toEqual(['quota', null]);
    off();
    engine.stop();
  });
});
