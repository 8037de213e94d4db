/**
 * The one way a standard's or an action's fields are written, with the
 * bookkeeping the per-field merge (merge.ts) reads back:
 * - `fieldVersions[path]`: the version at which each written field last
 *   changed (a check is its own path, `checks.<id>`, shared/returns/fields);
 * - `fieldWriters[path]`: the device that wrote it, or nothing when no device
 *   is known (an unknown writer is forgotten, so it never matches a device
 *   and a later edit from an old base is a conflict, not a silent overwrite).
 *
 * Push, carry-forward, the demo seed and the test factories all write through
 * here, so a row each of them makes merges like any other. Call it inside
 * `withWriteLock` with the transaction's `seq` (write-lock.ts): the version a
 * field gets must be the one its row commits with.
 */
import { eq } from 'drizzle-orm';
import {
  fieldPaths,
  type ActionFields,
  type StandardFields,
  type StandardNumber,
} from '@s11/shared';
import type { Tx } from '../db/client';
import { actions, standardResponses } from '../db/schema';

/** A record's per-field bookkeeping, as stored beside its fields. */
export interface FieldBook {
  fieldVersions: Record<string, number>;
  fieldWriters: Record<string, string>;
}

/** The book after writing `paths` at `seq` by `deviceId` (undefined: no known device). */
export function bookFields(
  prior: Readonly<FieldBook> | null | undefined,
  paths: readonly string[],
  seq: number,
  deviceId?: string,
): FieldBook {
  const fieldVersions = { ...prior?.fieldVersions };
  const fieldWriters = { ...prior?.fieldWriters };
  for (const p of paths) {
    fieldVersions[p] = seq;
    if (deviceId) fieldWriters[p] = deviceId;
    else delete fieldWriters[p];
  }
  return { fieldVersions, fieldWriters };
}

interface WriteBase {
  /** The transaction's version (`LockedTx.nextSeq()`). */
  seq: number;
  /** The device that made the change; none for the server's own writes. */
  deviceId?: string;
}

export type FieldsWrite = WriteBase &
  (
    | {
        kind: 'standard';
        returnId: string;
        standard: StandardNumber;
        /** The standard's fields after the write, whole. */
        fields: StandardFields;
        /** The paths that changed; all of `fields` when left out (a new record). */
        written?: readonly string[];
        /** The stored row's book; none for a new record. */
        prior?: Readonly<FieldBook> | null;
      }
    | {
        /** A new action: every field is written. */
        kind: 'new_action';
        id: string;
        returnId: string;
        fields: ActionFields;
      }
    | {
        /** A change to a stored action: only `fields` are written (`deleted` deletes it). */
        kind: 'action';
        id: string;
        fields: Partial<ActionFields> & { deleted?: boolean };
        prior: Readonly<FieldBook>;
      }
  );

export async function writeFields(tx: Tx, w: FieldsWrite): Promise<void> {
  switch (w.kind) {
    case 'standard': {
      const book = bookFields(w.prior, w.written ?? fieldPaths(w.fields), w.seq, w.deviceId);
      const values = { ...w.fields, ...book, seq: w.seq };
      await tx
        .insert(standardResponses)
        .values({ returnId: w.returnId, standard: w.standard, ...values })
        .onConflictDoUpdate({
          target: [standardResponses.returnId, standardResponses.standard],
          set: values,
        });
      return;
    }
    case 'new_action': {
      const book = bookFields(null, fieldPaths(w.fields), w.seq, w.deviceId);
      await tx
        .insert(actions)
        .values({ id: w.id, returnId: w.returnId, ...w.fields, ...book, seq: w.seq });
      return;
    }
    case 'action': {
      const book = bookFields(w.prior, fieldPaths(w.fields), w.seq, w.deviceId);
      await tx
        .update(actions)
        .set({ ...w.fields, ...book, seq: w.seq })
        .where(eq(actions.id, w.id));
      return;
    }
  }
}
