/**
 * Leaving the back-forward cache free of this page's database work.
 *
 * When a page goes into the back-forward cache (a full page load by a link,
 * which Back could undo), it is suspended with whatever IndexedDB work it had
 * in flight. In WebKit (Safari on iPad; WebKitGTK 2.50 here) a suspended
 * page's transaction is never committed or aborted, and the next page's
 * IndexedDB then never answers, not even a bare `open`: the app stays on
 * "Loading..." (WebKit bug 315804; VS Code for the Web hit the same).
 * Closing the connection alone is not enough: a transaction in flight keeps
 * it open.
 *
 * So, as the page goes into the cache, every transaction still running is
 * aborted, no new one starts, and the connection is closed. If the page
 * comes back, it reloads: its queries were cut short, and a fresh start is
 * the one state known to be whole. Nothing typed is lost by the abort: the keystroke journal
 * (journal.ts) keeps every keystroke until a committed save clears it, and
 * the next start replays it.
 */
import Dexie, { type DBCoreTransaction } from 'dexie';

export function releaseOnPageCache(db: Dexie, target: Window & typeof globalThis): void {
  const live = new Set<DBCoreTransaction>();
  // Between pagehide and suspension a page may still run a little (a
  // visibilitychange save, a sync step): it must not start new work either.
  let cached = false;
  db.use({
    stack: 'dbcore',
    name: 'page-cache-release',
    create: (down) => ({
      ...down,
      transaction(...args) {
        if (cached) throw new Dexie.AbortError('The page is in the back-forward cache');
        const tx = down.transaction(...args);
        live.add(tx);
        // In the IndexedDB core, a DBCore transaction is the IDBTransaction itself.
        const events = tx as unknown as Partial<EventTarget>;
        const done = () => live.delete(tx);
        events.addEventListener?.('complete', done);
        events.addEventListener?.('abort', done);
        events.addEventListener?.('error', done);
        return tx;
      },
    }),
  });

  target.addEventListener('pagehide', (e) => {
    if (!e.persisted) return; // the page is going for good: nothing is left behind
    cached = true;
    for (const tx of live) {
      try {
        tx.abort();
      } catch {
        // it finished meanwhile
      }
    }
    live.clear();
    db.close();
  });
  target.addEventListener('pageshow', (e) => {
    if (e.persisted) target.location.reload();
  });
}
