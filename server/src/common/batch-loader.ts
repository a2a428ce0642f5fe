export interface BatchLoaderOptions {
  /** How long the first key of a batch waits for others. */
  windowMs: number;
  /** A batch this large is loaded at once. */
  maxBatch: number;
}

interface Pending<V> {
  resolve: (v: V | undefined) => void;
  reject: (err: Error) => void;
}

/**
 * Coalesces single-key reads made close together into one read of many keys (one `WHERE id IN (…)` instead of
 * thousands of lookups when a fleet reconnects). Each load is answered with its key's value, undefined when the
 * read did not return the key; a failed read fails every load of its batch. The same key twice in one batch is
 * read once.
 */
export class BatchLoader<K, V> {
  private pending = new Map<K, Array<Pending<V>>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly opts: BatchLoaderOptions,
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (this.pending.size >= this.opts.maxBatch) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.opts.windowMs);
    });
  }

  /** Reads what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    this.loadMany([...batch.keys()]).then(
      (found) => batch.forEach((waiters, key) => waiters.forEach((w) => w.resolve(found.get(key)))),
      (err: Error) => batch.forEach((waiters) => waiters.forEach((w) => w.reject(err))),
    );
  }
}
