import type { Db } from '../db/client';

export interface DemoSeed {
  logins: { email: string; password: string; role: string }[];
}

/** Filled in by the server issue: creates the demo partnership on an empty database. */
export function seedDemoIfEmpty(_db: Db, _now: () => Date): Promise<DemoSeed | null> {
  return Promise.resolve(null);
}
