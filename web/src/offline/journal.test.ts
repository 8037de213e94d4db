import { beforeEach, describe, expect, it } from 'vitest';
import { openOfflineDb, setMeta, type OfflineDb } from './db';
import { JOURNAL_PREFIX, KeystrokeJournal, draftSink } from './journal';
import { saveStandard } from './local-edits';

const RET = '00000000-0000-4000-8000-000000000001';

async function deviceWithReturn(): Promise<OfflineDb> {
  const db = openOfflineDb(`journal-${crypto.randomUUID()}`);
  await setMeta(db, 'me', { id: 'u1', email: 'a@b.example', name: 'A' });
  await db.returns.put({ id: RET } as never);
  return db;
}

describe('the keystroke journal', () => {
  beforeEach(() => localStorage.clear());

  it('keeps what was typed when the page goes away before the draft is saved, and replays it into the draft and the outbox', async () => {
    const db = await deviceWithReturn();
    await saveStandard(db, RET, 2, { gaps: 'Supervision is' });
    // The page types, journals each key at once, and is gone before the 150 ms save.
    const before = new KeystrokeJournal(localStorage);
    before.write(`${RET}/2/gaps`, RET, 2, { gaps: 'Supervision is monthly' });

    const next = new KeystrokeJournal(localStorage);
    expect(await next.replay(draftSink(db))).toBe(1);
    expect((await db.standards.get([RET, 2]))?.fields.gaps).toBe('Supervision is monthly');
    const queued = await db.outbox.toArray();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.mutation).toMatchObject({
      kind: 'standard',
      changes: { gaps: 'Supervision is monthly' },
    });
    expect(Object.keys(localStorage).filter((k) => k.startsWith(JOURNAL_PREFIX))).toEqual([]);
  });

  it('clears an entry once its save is done, but not one typed over since', () => {
    const j = new KeystrokeJournal(localStorage);
    const first = j.write('f', RET, 1, { gaps: 'a' });
    const second = j.write('f', RET, 1, { gaps: 'ab' });
    j.saved('f', first);
    expect(j.entries().get('f')?.patch).toEqual({ gaps: 'ab' });
    j.saved('f', second);
    expect(j.entries().size).toBe(0);
  });

  it('does not queue again what the draft already holds (saved, then the page went before the journal was cleared)', async () => {
    const db = await deviceWithReturn();
    await saveStandard(db, RET, 3, { checks: { c1: { answer: 'yes', note: 'ok' } } });
    new KeystrokeJournal(localStorage).write('x', RET, 3, {
      checks: { c1: { answer: 'yes', note: 'ok' } },
    });
    expect(await new KeystrokeJournal(localStorage).replay(draftSink(db))).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect(localStorage.length).toBe(0);
  });

  it('drops what cannot belong to anyone here: signed out, or a return not on this device', async () => {
    const db = openOfflineDb(`journal-${crypto.randomUUID()}`);
    await db.returns.put({ id: RET } as never);
    new KeystrokeJournal(localStorage).write('x', RET, 1, { gaps: 'a' });
    expect(await new KeystrokeJournal(localStorage).replay(draftSink(db))).toBe(0);
    await setMeta(db, 'me', { id: 'u1' });
    new KeystrokeJournal(localStorage).write('y', 'another-return', 1, { gaps: 'a' });
    expect(await new KeystrokeJournal(localStorage).replay(draftSink(db))).toBe(0);
    expect(await db.standards.count()).toBe(0);
    expect(localStorage.length).toBe(0);
  });

  it('keeps an entry whose replay fails, for the next start', async () => {
    const db = await deviceWithReturn();
    new KeystrokeJournal(localStorage).write('x', RET, 1, { gaps: 'a' });
    const failing = draftSink(db, () => Promise.reject(new Error('disk full')));
    expect(await new KeystrokeJournal(localStorage).replay(failing)).toBe(0);
    expect(new KeystrokeJournal(localStorage).entries().get('x')?.patch).toEqual({ gaps: 'a' });
  });

  it('still saves to the draft when localStorage is full or missing (the journal is a bridge, not the store)', () => {
    const full = {
      ...localStorage,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    expect(new KeystrokeJournal(full).write('x', RET, 1, { gaps: 'a' })).toBeNull();
    expect(new KeystrokeJournal(null).write('x', RET, 1, { gaps: 'a' })).toBeNull();
  });
});
