/**
 * The conflict policy, in one pure function.
 *
 * A mutation carries `changes` (field -> value) and the `baseVersion` of the
 * record it was edited from. For each changed field:
 * - if the server's value already equals the new value: nothing to do;
 * - else if the field last changed on the server *after* baseVersion
 *   (fieldVersions[field] > baseVersion) and that change came from another
 *   device (or the writer is unknown): a **conflict**. The field is not
 *   written; the server's value goes back so the user can choose. A device's
 *   newer edit simply follows its own earlier one;
 * - else the new value is written and the field's version becomes `seq`.
 * Fields are independent: edits to different fields from two devices both
 * stand, and a mutation may be partly applied and partly in conflict.
 */
import type { FieldConflict } from '@s11/shared';

export interface MergeOutcome {
  /** Field -> value to write. */
  writes: Record<string, unknown>;
  applied: string[];
  conflicts: FieldConflict[];
}

export function mergeFields(
  current: Readonly<Record<string, unknown>>,
  fieldVersions: Readonly<Record<string, number>>,
  changes: Readonly<Record<string, unknown>>,
  baseVersion: number,
  fieldWriters: Readonly<Record<string, string>> = {},
  deviceId?: string,
): MergeOutcome {
  const out: MergeOutcome = { writes: {}, applied: [], conflicts: [] };
  for (const [field, value] of Object.entries(changes)) {
    const serverValue = current[field];
    if (sameValue(serverValue, value)) continue;
    const ownEarlierEdit = deviceId !== undefined && fieldWriters[field] === deviceId;
    if ((fieldVersions[field] ?? 0) > baseVersion && !ownEarlierEdit) {
      out.conflicts.push({ field, serverValue: serverValue ?? null, yourValue: value });
      continue;
    }
    out.writes[field] = value;
    out.applied.push(field);
  }
  return out;
}

/** Structural equality for JSON values (object key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableStringify(a ?? null) === stableStringify(b ?? null);
}

export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(',')}}`;
}
