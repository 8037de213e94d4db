/**
 * React hooks over the device's store. Features read through these; the
 * store updates them live as edits are saved and changes are pulled.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { StandardNumber } from '@s11/shared';
import { db, engine, offline, send, type StorageProblem } from './client';
import type { CommandArgs, CommandName, CommandResult } from './commands';
import { getMeta } from './db';
import type { LocalAction, LocalConflict, LocalReturn, LocalStandard, OutboxEntry } from './db';
import type { Me } from './session';
import type { SyncState } from './sync-engine';

export function useMe(): Me | null | undefined {
  return useLiveQuery(async () => (await offline.currentUser()) ?? null, [], undefined);
}

export function useMyReturns(): LocalReturn[] | undefined {
  return useLiveQuery(() => db.returns.toArray(), []);
}

/**
 * Whether a pull has caught up since this user's returns started arriving
 * (false on a fresh device until its first pull ends; undefined = loading).
 */
export function usePulledOnce(): boolean | undefined {
  return useLiveQuery(async () => (await getMeta<boolean>(db, 'caughtUp')) ?? false, [], undefined);
}

export function useReturn(returnId: string): LocalReturn | null | undefined {
  return useLiveQuery(async () => (await db.returns.get(returnId)) ?? null, [returnId], undefined);
}

let replayed = false;
void offline.journalReplayed.then(() => (replayed = true));

/**
 * True once the keystroke journal is replayed into the drafts: standards are
 * read only then, so a draft never shows older text first (undefined = loading).
 */
function useJournalReplayed(): boolean {
  const [done, setDone] = useState(replayed);
  useEffect(() => {
    if (!done) void offline.journalReplayed.then(() => setDone(true));
  }, [done]);
  return done;
}

export function useStandards(returnId: string): LocalStandard[] | undefined {
  const ready = useJournalReplayed();
  return useLiveQuery<LocalStandard[] | undefined>(
    () => (ready ? db.standards.where('returnId').equals(returnId).toArray() : undefined),
    [returnId, ready],
  );
}

export function useStandard(
  returnId: string,
  standard: StandardNumber,
): LocalStandard | null | undefined {
  const ready = useJournalReplayed();
  return useLiveQuery(
    async () => (ready ? ((await db.standards.get([returnId, standard])) ?? null) : undefined),
    [returnId, standard, ready],
    undefined,
  );
}

export function useActions(returnId: string): LocalAction[] | undefined {
  return useLiveQuery(
    async () =>
      (await db.actions.where('returnId').equals(returnId).toArray()).filter((a) => !a.deleted),
    [returnId],
  );
}

export function useModerations(returnId: string) {
  return useLiveQuery(
    () => db.moderations.where('returnId').equals(returnId).toArray(),
    [returnId],
  );
}

export function useConflicts(returnId?: string): LocalConflict[] | undefined {
  return useLiveQuery(
    () =>
      returnId ? db.conflicts.where('returnId').equals(returnId).toArray() : db.conflicts.toArray(),
    [returnId],
  );
}

export function useRefusedChanges(): OutboxEntry[] | undefined {
  return useLiveQuery(() => db.outbox.where('state').equals('attention').toArray(), []);
}

export function useSyncState(): SyncState {
  const [s, setS] = useState<SyncState>(engine.getState());
  useEffect(() => engine.subscribe(setS), []);
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

/** What a one-off read from the server has come to. */
export type CommandState<T> =
  { status: 'loading' } | { status: 'done'; data: T } | { status: 'failed'; error: unknown };

/**
 * One read a page needs from the server, sent when the page opens (and again
 * when its arguments change), for the tablet side's online-only pages that do
 * not carry the console's QueryClient (an invitation, a reset link, the SSO
 * button, the organisation's people). An answer that arrives after the page
 * has gone, or after its arguments changed, is dropped.
 */
export function useCommand<K extends CommandName>(
  name: K,
  ...args: CommandArgs<K>
): CommandState<CommandResult<K>> {
  // The arguments are plain JSON (ids and tokens): their text is their identity.
  const key = JSON.stringify(args);
  // The answer is kept with the arguments it answers, so new arguments read
  // as loading at once, without a second render.
  const [answer, setAnswer] = useState<{ key: string; state: CommandState<CommandResult<K>> }>();
  useEffect(() => {
    let live = true;
    send(name, ...(JSON.parse(key) as CommandArgs<K>)).then(
      (data) => {
        if (live) setAnswer({ key, state: { status: 'done', data } });
      },
      (error: unknown) => {
        if (live) setAnswer({ key, state: { status: 'failed', error } });
      },
    );
    return () => {
      live = false;
    };
  }, [name, key]);
  return answer?.key === key ? answer.state : { status: 'loading' };
}
