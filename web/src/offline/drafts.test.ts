import { describe, expect, it, vi } from 'vitest';
import { DraftSaver } from './drafts';

describe('DraftSaver', () => {
  it('keeps only the latest save per field while the user types, then runs it once', async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    const d = new DraftSaver(150);
    for (const v of ['a', 'ab', 'abc']) d.queue('gaps', () => Promise.resolve(void saved.push(v)));
    d.queue('evidence', () => Promise.resolve(void saved.push('e')));
    await vi.advanceTimersByTimeAsync(149);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['abc', 'e']);
    vi.useRealTimers();
  });

  it('flushes every queued save at once, and waits for saves already running', async () => {
    const saved: string[] = [];
    const d = new DraftSaver(10_000);
    d.queue('a', () => new Promise((r) => setTimeout(() => r(void saved.push('a')), 20)));
    d.queue('b', () => Promise.resolve(void saved.push('b')));
    expect(d.hasPending).toBe(true);
    await d.flush();
    expect(saved.sort()).toEqual(['a', 'b']);
    expect(d.hasPending).toBe(false);
  });

  it('flushes when the page is hidden', async () => {
    const saved: string[] = [];
    const d = new DraftSaver(10_000);
    const detach = d.attach(window);
    d.queue('a', () => Promise.resolve(void saved.push('a')));
    window.dispatchEvent(new Event('pagehide'));
    await Promise.resolve();
    await d.flush();
    expect(saved).toEqual(['a']);
    detach();
  });

  it('reports a failed save instead of swallowing it', async () => {
    const errors: unknown[] = [];
    const d = new DraftSaver(0, (e) => errors.push(e));
    d.queue('a', () =>
      Promise.reject(Object.assign(new Error('full'), { name: 'QuotaExceededError' })),
    );
    await d.flush();
    expect(errors).toHaveLength(1);
  });
});
