/**
 * React hooks over the device's store. Features read through these; the
 * store updates them live as edits are saved and changes are pulled.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { StandardNumber } from '@s11/shared';
import { offline, type StorageProblem } from './client';
import type { LocalAction, LocalConflict, LocalReturn, LocalStandard, OutboxEntry } from './db';
import type { Me } from './session';
import type { SyncState } from './sync-engine';

export function useMe(): Me | null | undefined {
  return useLiveQuery(async () => (await offline.currentUser()) ?? null, [], undefined);
}

export function useMyReturns(): LocalReturn[] | undefined {
  return useLiveQuery(() => offline.db.returns.toArray(), []);
}

export function useReturn(returnId: string): LocalReturn | null | undefined {
  return useLiveQuery(
    async () => (await offline.db.returns.get(returnId)) ?? null,
    [returnId],
    undefined,
  );
}

export function useStandards(returnId: string): LocalStandard[] | undefined {
  return useLiveQuery(
    () => offline.db.standards.where('returnId').equals(returnId).toArray(),
    [returnId],
  );
}

export function useStandard(
  returnId: string,
  standard: StandardNumber,
): LocalStandard | null | undefined {
  return useLiveQuery(
    async () => (await offline.db.standards.get([returnId, standard])) ?? null,
    [returnId, standard],
    undefined,
  );
}

export function useActions(returnId: string): LocalAction[] | undefined {
  return useLiveQuery(
    async () =>
      (await offline.db.actions.where('returnId').equals(returnId).toArray()).filter(
        (a) => !a.deleted,
      ),
    [returnId],
  );
}

export function useModerations(returnId: string) {
  return useLiveQuery(
    () => offline.db.moderations.where('returnId').equals(returnId).toArray(),
    [returnId],
  );
}

export function useConflicts(returnId?: string): LocalConflict[] | undefined {
  return useLiveQuery(
    () =>
      returnId
        ? offline.db.conflicts.where('returnId').equals(returnId).toArray()
        : offline.db.conflicts.toArray(),
    [returnId],
  );
}

export function useRefusedChanges(): OutboxEntry[] | undefined {
  return useLiveQuery(() => offline.db.outbox.where('state').equals('attention').toArray(), []);
}

export function useSyncState(): SyncState {
  const [s, setS] = useState<SyncState>(offline.engine.getState());
  useEffect(() => offline.engine.subscribe(setS), []);
  return s;
}

export function useStorageProblem(): StorageProblem {
  const [p, setP] = useState<StorageProblem>(offline.storageProblem());
  useEffect(() => {
    const off = offline.onStorageProblem(setP);
    return () => {
      off();
    };
  }, []);
  return p;
}
