/**
 * Simulated devices: each has its own IndexedDB (fake-indexeddb, a fresh
 * factory per device), its own cookie jar, and the real sync engine, talking
 * to the real server app in-process.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  Api,
  SyncEngine,
  openOfflineDb,
  signIn,
  type FetchLike,
  type OfflineDb,
} from '@s11/web/offline-core';

/** The server app, of which only in-process `request` is used. */
interface AppLike {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface Device {
  db: OfflineDb;
  api: Api;
  engine: SyncEngine;
  /** Makes the network fail (offline) until set back. */
  network: { offline: boolean; requests: number };
  signIn(email: string, password: string): Promise<void>;
}

export function cookieFetch(
  app: AppLike,
  network: { offline: boolean; requests: number },
): FetchLike {
  let cookie = '';
  return async (input, init) => {
    network.requests += 1;
    if (network.offline) throw new TypeError('Failed to fetch');
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(input, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : (set.split(';')[0] ?? '');
    return res;
  };
}

export function createDevice(app: AppLike, name = crypto.randomUUID()): Device {
  const network = { offline: false, requests: 0 };
  const db = openOfflineDb(`device-${name}`, new IDBFactory(), IDBKeyRange);
  const api = new Api({
    fetch: cookieFetch(app, network),
    baseUrl: 'http://localhost',
    timeoutMs: 5000,
  });
  const engine = new SyncEngine(db, api, { saveDelayMs: 10_000 });
  return {
    db,
    api,
    engine,
    network,
    async signIn(email, password) {
      await signIn(db, api, email, password);
    },
  };
}
