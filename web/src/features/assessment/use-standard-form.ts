/**
 * The standard page's form. Unlike every other form (useProblemForm), its
 * source of truth is the device's store (Dexie), not react-hook-form: each
 * field is saved as the user types, offline, and a pull or another tab may
 * change a field under it (docs/decisions/015-one-way-to-build-a-form.md).
 * This hook gives it the same error pattern as the others: the shared schema
 * refuses what cannot be stored (shown on the field at once), "Save and
 * continue" checks a completed standard, and the page gets the summary.
 */
import { useState } from 'react';
import {
  StandardPatchSchema,
  fieldPaths,
  missingItemsForStandard,
  type StandardNumber,
  type StandardPatch,
} from '@s11/shared';
import type { SummaryError } from '../../components/error-summary';
import { navigate } from '../../components/router';
import { offline, type LocalAction } from '../../offline';

/** A field path (`checks.l3-lead`, `rag`) as an element id (`checks-l3-lead`). */
const idOf = (path: string) => path.replace('.', '-');

export type SaveFn = (key: string, patch: StandardPatch) => void;

export function useStandardForm({
  returnId,
  standard,
  variant,
  actions,
}: {
  returnId: string;
  standard: StandardNumber;
  variant: 'full' | 'light';
  actions: LocalAction[];
}) {
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [focusKey, setFocusKey] = useState(0);

  // The shared schema decides what can be stored: text it refuses (a pasted
  // NUL or broken character) is never queued, so it cannot sit in the outbox
  // for ever; the field shows why until it is corrected.
  const save: SaveFn = (key, patch) => {
    const checked = StandardPatchSchema.safeParse(patch);
    if (!checked.success) {
      const refused = checked.error.issues.map((i) => ({
        field: i.path.slice(0, 2).map(String).join('-'),
        message: i.message,
      }));
      setErrors((prev) => [
        ...prev.filter((e) => !refused.some((r) => r.field === e.field)),
        ...refused,
      ]);
      return;
    }
    // Errors are keyed by element id: `checks-<id>` for the path `checks.<id>`.
    const fixed = fieldPaths(patch).map(idOf);
    setErrors((prev) =>
      prev.some((e) => fixed.includes(e.field))
        ? prev.filter((e) => !fixed.includes(e.field))
        : prev,
    );
    offline.queueStandardSave(returnId, standard, key, patch);
  };

  /** A completed standard must be complete; then on to the next one (or the task list). */
  const saveAndContinue = async () => {
    const latest = await offline.savedStandardFields(returnId, standard);
    if (latest.completed) {
      const items = missingItemsForStandard(
        variant,
        standard,
        latest,
        actions.map((a) => ({ standard: a.fields.standard, what: a.fields.what })),
      );
      if (items.length) {
        setErrors(items.map((i) => ({ field: idOf(i.field), message: i.message })));
        setFocusKey((n) => n + 1);
        return;
      }
    }
    setErrors([]);
    navigate(
      standard < 8 && !latest.completed
        ? `/returns/${returnId}/standards/${String(standard + 1)}`
        : `/returns/${returnId}`,
    );
  };

  return {
    save,
    saveAndContinue,
    errorFor: (path: string) => errors.find((e) => e.field === idOf(path))?.message,
    /** Spread onto `<Page>`: the error summary at the top and "Error:" in the title. */
    page: { errors, focusKey },
  };
}
