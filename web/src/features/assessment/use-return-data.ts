import { useMemo } from 'react';
import { returnCompleteness, type StandardFields, type StandardNumber, canEdit } from '@s11/shared';
import {
  useActions,
  useConflicts,
  useMe,
  useModerations,
  usePulledOnce,
  useReturn,
  useStandards,
  type LocalReturn,
  type Me,
} from '../../offline';

/**
 * Whether this user may change this return now: its status allows edits and
 * they edit or sign for its organisation. Every control is disabled otherwise,
 * so nothing is queued that the server would refuse.
 */
export function canEditReturn(ret: LocalReturn, me: Me | null | undefined): boolean {
  return (
    canEdit(ret.status) &&
    !!me?.memberships.some(
      (m) => m.scope === 'organisation' && m.organisationId === ret.organisationId,
    )
  );
}

/** Everything a return's pages need, from the device's store, with completeness worked out. */
export function useReturnData(returnId: string) {
  const ret = useReturn(returnId);
  const me = useMe();
  const pulledOnce = usePulledOnce();
  const standards = useStandards(returnId);
  const actions = useActions(returnId);
  const moderations = useModerations(returnId);
  const conflicts = useConflicts(returnId);
  const byNumber = useMemo(
    () =>
      Object.fromEntries((standards ?? []).map((s) => [s.standard, s.fields])) as Partial<
        Record<StandardNumber, StandardFields>
      >,
    [standards],
  );
  const completeness = useMemo(
    () =>
      ret
        ? returnCompleteness(
            ret.variant,
            byNumber,
            (actions ?? []).map((a) => ({ standard: a.fields.standard, what: a.fields.what })),
          )
        : null,
    [ret, byNumber, actions],
  );
  const loading =
    ret === undefined ||
    standards === undefined ||
    actions === undefined ||
    me === undefined ||
    pulledOnce === undefined;
  return {
    ret,
    editable: ret ? canEditReturn(ret, me) : false,
    /** Pulled, but not all of it yet (a fresh device's first pull): say so, never show it empty. */
    arriving: ret ? ret.loaded === false : pulledOnce === false,
    standards: byNumber,
    actions: actions ?? [],
    moderations: moderations ?? [],
    conflicts: conflicts ?? [],
    completeness,
    loading,
  };
}
