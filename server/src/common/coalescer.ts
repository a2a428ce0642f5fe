/**
 * Group commit: items added within a short window (or while the previous flush still runs) are handed to one
 * `flush` call together, and each caller's promise settles only when that flush has. Used so that many devices'
 * play-log batches arriving at once cost one transaction, not one each, while every batch is still acknowledged
 * only after its own rows are committed. Flushes never overlap.
 */
export class Coalescer<T, R> {
  private pending: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private pendingSize = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly opts: { windowMs: number; maxSize: number; sizeOf?: (item: T) => number },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pendingSize += this.opts.sizeOf?.(item) ?? 1;
      if (this.running) return; // picked up as soon as the running flush ends
      if (this.pendingSize >= this.opts.maxSize) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.opts.windowMs);
    });
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.pending.length === 0) return;
    const taken = this.pending;
    this.pending = [];
    this.pendingSize = 0;
    this.running = this.run(taken).finally(() => {
      this.running = null;
      // What arrived meanwhile waited long enough: flush it at once.
      if (this.pending.length > 0) this.start();
    });
  }

  private async run(taken: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }>): Promise<void> {
    try {
      const results = await this.flush(taken.map((t) => t.item));
      taken.forEach((t, i) => t.resolve(results[i]));
    } catch (err) {
      for (const t of taken) t.reject(err);
    }
  }
}
