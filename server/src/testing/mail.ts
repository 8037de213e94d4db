/** Reading what the service sent, for tests. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailbox } from '../db/schema';

/** The newest message to `to` (development mailbox). */
export async function latestMailTo(db: Db, to: string) {
  const [m] = await db
    .select()
    .from(mailbox)
    .where(eq(mailbox.to, to))
    .orderBy(desc(mailbox.createdAt))
    .limit(1);
  return m;
}
