import { afterEach, describe, expect, it, vi } from 'vitest';
import { openOfflineDb } from './db';
import { releaseOnPageCache } from './page-cache';

/** A window whose pagehide/pageshow the test dispatches, with a reload it can watch. */
function fakePage() {
  const target = new EventTarget();
  const reload = vi.fn();
  Object.assign(target, { location: { reload } });
  const page = target as unknown as Window & typeof globalThis;
  const transition = (type: 'pagehide' | 'pageshow', persisted: boolean) =>
    target.dispatchEvent(Object.assign(new Event(type), { persisted }));
  return { page, reload, transition };
}

describe('a page going into the back-forward cache', () => {
  afterEach(() => vi.restoreAllMocks());

  it('aborts the transactions it still has running and closes its connection (WebKit would block the next page)', async () => {
    const db = openOfflineDb(`page-cache-${crypto.randomUUID()}`);
    const { page, transition } = fakePage();
    releaseOnPageCache(db, page);
    await db.meta.put({ key: 'before', value: 1 });

    // A save still running as the page is cached: it must not commit later.
    const running = db.transaction('rw', db.meta, async () => {
      await db.meta.put({ key: 'in-flight', value: 2 });
      transition('pagehide', true);
      await db.meta.put({ key: 'after', value: 3 });
    });
    await expect(running).rejects.toThrow();
    expect(db.isOpen()).toBe(false);
    // Work the page still tries before it is suspended starts no transaction.
    await expect(db.open().then(() => db.meta.put({ key: 'late', value: 4 }))).rejects.toThrow(
      /back-forward cache/,
    );

    const again = openOfflineDb(db.name);
    expect((await again.meta.toArray()).map((m) => m.key)).toEqual(['before']);
    again.close();
  });

  it('leaves everything alone when the page is going for good (not cached)', async () => {
    const db = openOfflineDb(`page-cache-${crypto.randomUUID()}`);
    const { page, transition } = fakePage();
    releaseOnPageCache(db, page);
    await db.meta.put({ key: 'a', value: 1 });
    transition('pagehide', false);
    expect(db.isOpen()).toBe(true);
    db.close();
  });

  it('reloads a page that comes back from the cache, and not a page loaded afresh', () => {
    const db = openOfflineDb(`page-cache-${crypto.randomUUID()}`);
    const { page, reload, transition } = fakePage();
    releaseOnPageCache(db, page);
    transition('pageshow', false);
    expect(reload).not.toHaveBeenCalled();
    transition('pageshow', true);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
