/**
 * Saving as the user types: each field's save is debounced briefly, and every
 * pending save is flushed at once when the page is hidden or closed
 * (`pagehide`, `visibilitychange`) and before an app update reloads the page.
 */
export type SaveFn = () => Promise<void>;

export class DraftSaver {
  private readonly pending = new Map<
    string,
    { fn: SaveFn; timer: ReturnType<typeof setTimeout> }
  >();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly delayMs = 300,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  /** Queue the latest save for `key`; an earlier one not yet run is replaced. */
  queue(key: string, fn: SaveFn): void {
    const prev = this.pending.get(key);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => void this.run(key), this.delayMs);
    this.pending.set(key, { fn, timer });
  }

  private run(key: string): Promise<void> {
    const p = this.pending.get(key);
    if (!p) return Promise.resolve();
    this.pending.delete(key);
    clearTimeout(p.timer);
    const promise = p.fn().catch((e: unknown) => this.onError(e));
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return promise;
  }

  get hasPending(): boolean {
    return this.pending.size > 0 || this.inFlight.size > 0;
  }

  /** Run every queued save now and wait for all saves to finish. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((k) => this.run(k)));
    await Promise.all([...this.inFlight]);
  }

  /** Flush when the page is hidden or closed. */
  attach(target: Window & typeof globalThis): () => void {
    const flush = () => void this.flush();
    const onVisibility = () => {
      if (target.document.visibilityState === 'hidden') flush();
    };
    target.addEventListener('pagehide', flush);
    target.document.addEventListener('visibilitychange', onVisibility);
    return () => {
      target.removeEventListener('pagehide', flush);
      target.document.removeEventListener('visibilitychange', onVisibility);
    };
  }
}
