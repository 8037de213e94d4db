/**
 * The keystroke journal: a write-ahead log in localStorage that bridges the
 * autosave pause (ADR 007).
 *
 * IndexedDB writes are asynchronous, and a write issued as the page goes away
 * (`pagehide`) does not commit in WebKit on reload or tab close, nor in
 * Chromium on reload. localStorage is synchronous and its writes survive both,
 * so every keystroke is written here first, synchronously, inside the input
 * handler; the debounced Dexie save follows. On the next start the journal is
 * replayed into the Dexie draft and outbox (one transaction, as every edit),
 * then cleared. IndexedDB stays the source of truth: an entry is removed as
 * soon as the draft holds its value.
 *
 * One localStorage item per field (`s11-journal:<return>/<standard>/<field>`),
 * so a keystroke costs one `setItem` of that field's value, never a rewrite of
 * the whole journal (figure 3 in docs/benchmarks.md measures it).
 */
import { applyPatch, type StandardNumber, type StandardPatch } from '@s11/shared';
import type { OfflineDb } from './db';
import { saveStandard } from './local-edits';
import { currentUser } from './session';

export const JOURNAL_PREFIX = 's11-journal:';

export interface JournalEntry {
  returnId: string;
  standard: StandardNumber;
  patch: StandardPatch;
  /** Makes each write distinct, so a save clears only the entry it saved. */
  n: number;
}

/** What replay needs from the store (kept apart so tests can use a real Dexie). */
export interface JournalSink {
  /** Whether the draft already holds this patch (then nothing is written). */
  holds(returnId: string, standard: StandardNumber, patch: StandardPatch): Promise<boolean>;
  /** Writes the patch to the draft and the outbox, as a keystroke's save does. */
  save(returnId: string, standard: StandardNumber, patch: StandardPatch): Promise<void>;
  /** False when the entry cannot belong to anyone on this device (signed out, unknown return). */
  accepts(returnId: string): Promise<boolean>;
}

export class KeystrokeJournal {
  private n = 0;

  constructor(private readonly storage: Storage | null) {}

  /**
   * Records the field's latest value synchronously. Returns a token that
   * `saved` takes once the draft holds this value, or null when the journal
   * cannot write (no storage, or it is full: the Dexie save still runs).
   */
  write(
    field: string,
    returnId: string,
    standard: StandardNumber,
    patch: StandardPatch,
  ): string | null {
    if (!this.storage) return null;
    const entry: JournalEntry = { returnId, standard, patch, n: ++this.n };
    const value = JSON.stringify(entry);
    try {
      this.storage.setItem(JOURNAL_PREFIX + field, value);
      return value;
    } catch {
      return null;
    }
  }

  /** The draft holds the value written as `token`: drop it, unless the field was typed into since. */
  saved(field: string, token: string | null): void {
    if (!this.storage || token === null) return;
    try {
      if (this.storage.getItem(JOURNAL_PREFIX + field) === token)
        this.storage.removeItem(JOURNAL_PREFIX + field);
    } catch {
      // Storage gone away: the entry is replayed (and found already held) next start.
    }
  }

  /** Every entry left by an earlier page, by field. */
  entries(): Map<string, JournalEntry | null> {
    const out = new Map<string, JournalEntry | null>();
    if (!this.storage) return out;
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (!key?.startsWith(JOURNAL_PREFIX)) continue;
      let entry: JournalEntry | null = null;
      try {
        entry = JSON.parse(this.storage.getItem(key) ?? '') as JournalEntry;
      } catch {
        // Unreadable: dropped by replay.
      }
      out.set(key.slice(JOURNAL_PREFIX.length), entry);
    }
    return out;
  }

  /**
   * Replays what an earlier page typed but did not save into the draft and
   * outbox, then clears it. An entry whose save fails stays for the next start.
   * Returns how many entries were written to the draft.
   */
  async replay(sink: JournalSink): Promise<number> {
    let written = 0;
    for (const [field, e] of this.entries()) {
      const current = this.storage?.getItem(JOURNAL_PREFIX + field) ?? null;
      try {
        if (e && (await sink.accepts(e.returnId))) {
          if (!(await sink.holds(e.returnId, e.standard, e.patch))) {
            await sink.save(e.returnId, e.standard, e.patch);
            written++;
          }
        }
      } catch {
        continue;
      }
      this.saved(field, current);
    }
    return written;
  }

  /** Signing out: nothing of the user may stay on the device. */
  clear(): void {
    for (const field of this.entries().keys()) {
      try {
        this.storage?.removeItem(JOURNAL_PREFIX + field);
      } catch {
        // Nothing to do.
      }
    }
  }
}

/**
 * Replays into the device's store: only for a signed-in user and a return on
 * this device; a value the draft already holds is not queued again.
 */
export function draftSink(
  db: OfflineDb,
  save: JournalSink['save'] = (r, s, p) => saveStandard(db, r, s, p),
): JournalSink {
  return {
    accepts: async (returnId) => !!(await currentUser(db)) && !!(await db.returns.get(returnId)),
    holds: async (returnId, standard, patch) => {
      const fields = (await db.standards.get([returnId, standard]))?.fields;
      if (!fields) return false;
      return JSON.stringify(applyPatch(fields, patch)) === JSON.stringify(fields);
    },
    save,
  };
}

/** The page's localStorage, or null where there is none (a worker, a locked-down browser). */
export function pageStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
