/**
 * The device's store (Dexie over IndexedDB). It is the source of truth for
 * what the user typed: a draft change and its outbox entry are always written
 * in one transaction, and an outbox entry is removed only when the server has
 * answered for it.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  ActionFields,
  Moderation,
  Mutation,
  Problem,
  PulledReturn,
  Return,
  StandardFields,
  StandardNumber,
} from '@s11/shared';

/**
 * A return on the device. Only pull writes these (sync-engine.ts): it brings
 * the return with its cycle, organisation and the partnership's message.
 */
export interface LocalReturn extends Return {
  statusMessage: string;
  /** Null only on a device whose store predates pulled cycles (version 1), until its re-pull. */
  cycle: PulledReturn['cycle'] | null;
  organisation: PulledReturn['organisation'] | null;
  /**
   * False from the pull page that brought the return until that pull has
   * caught up (its standards and actions may be on later pages): the pages
   * say "loading" rather than show an empty return. Absent means loaded.
   */
  loaded?: boolean;
}

export interface LocalStandard {
  returnId: string;
  standard: StandardNumber;
  /** What the user sees and edits. */
  fields: StandardFields;
  /** The last values known to be on the server. */
  server: StandardFields;
  /** The server version `server` reflects; mutations are made from it. */
  baseVersion: number;
}

export interface LocalAction {
  id: string;
  returnId: string;
  fields: ActionFields;
  deleted: boolean;
  baseVersion: number;
  /** Created on this device and not yet acknowledged by the server. */
  localOnly: boolean;
}

export interface OutboxEntry {
  seq?: number;
  mutationId: string;
  returnId: string;
  mutation: Mutation;
  /** Times sent; an entry sent at least once is never changed (its id may be applied). */
  attempts: number;
  state: 'pending' | 'attention';
  /** Server errors (5xx) met so far; at the engine's limit it needs attention. */
  serverErrors?: number;
  problem?: Problem;
  createdAt: number;
}

export interface LocalConflict {
  /** `${returnId}|${kind}|${key}|${field}` */
  id: string;
  returnId: string;
  kind: 'standard' | 'action';
  /** Standard number or action id. */
  key: string;
  field: string;
  serverValue: unknown;
  yourValue: unknown;
  /** Resolve from this version: the choice then applies. */
  version: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type OfflineDb = Dexie & {
  returns: EntityTable<LocalReturn, 'id'>;
  standards: Table<LocalStandard, [string, number]>;
  actions: EntityTable<LocalAction, 'id'>;
  moderations: Table<Moderation, [string, number]>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  conflicts: EntityTable<LocalConflict, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
};

export function openOfflineDb(
  name = 's11-portal',
  indexedDB?: IDBFactory,
  keyRange?: typeof IDBKeyRange,
): OfflineDb {
  const db = new Dexie(
    name,
    indexedDB && keyRange ? { indexedDB, IDBKeyRange: keyRange } : undefined,
  ) as OfflineDb;
  // Every released version stays here, oldest first: a device may open the
  // app after skipping any number of releases. test/sync/schema-upgrade.test.ts
  // opens a store made by each earlier version, with unsent changes, and sends them.
  const v1 = {
    returns: 'id, cycleId, organisationId',
    standards: '[returnId+standard], returnId',
    actions: 'id, returnId',
    moderations: '[returnId+standard], returnId',
    outbox: '++seq, mutationId, returnId, state',
    conflicts: 'id, returnId',
    meta: 'key',
  };
  db.version(1).stores(v1);
  // 2: returns come with their cycle, organisation and message by pull only.
  // Pull everything again once, so returns pulled by version 1 without them
  // get them (the outbox and drafts are untouched: pull never overwrites an
  // unsent edit).
  db.version(2)
    .stores(v1)
    .upgrade(async (tx) => {
      await tx.table('meta').put({ key: 'cursor', value: '0' });
    });
  return db;
}

export async function getMeta<T>(db: OfflineDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: OfflineDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
