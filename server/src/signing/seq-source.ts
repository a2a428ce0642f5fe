import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the highest seq that may have been handed out survives a restart. */
export interface SeqHighWater {
  load(): number;
  save(ceiling: number): void;
}

/**
 * How far ahead of the value just issued the stored ceiling is put (in seq units, µs of clock time: one minute),
 * so the store is written about once a minute of clock time, not once per message.
 */
export const SEQ_RESERVE = 60_000_000;

/**
 * Envelope sequence numbers: strictly increasing per stream and across restarts. They start from the clock
 * (microsecond scale), never go below the last value handed out, and, with a store, never below a ceiling saved
 * before any value above it was issued: a clock stepped back across a restart then cannot make agents reject every
 * new message as a replay.
 */
export class SeqSource {
  private last: number;
  private ceiling: number;

  constructor(
    private readonly nowMs: () => number,
    private readonly store?: SeqHighWater,
  ) {
    this.last = store?.load() ?? 0;
    this.ceiling = this.last;
  }

  next(): number {
    this.last = Math.max(this.last + 1, this.nowMs() * 1000);
    if (this.store && this.last > this.ceiling) {
      // Saved before the value leaves: after a crash the next run starts above everything issued.
      this.ceiling = this.last + SEQ_RESERVE;
      this.store.save(this.ceiling);
    }
    return this.last;
  }
}

/** A one-number file in the data directory, replaced atomically (write then rename). */
export class FileSeqHighWater implements SeqHighWater {
  constructor(private readonly file: string) {}

  load(): number {
    if (!fs.existsSync(this.file)) return 0;
    const n = Number(fs.readFileSync(this.file, 'utf8').trim());
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`签名序号文件 ${this.file} 已损坏，请检查后删除或修复`);
    return n;
  }

  save(ceiling: number): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${ceiling}\n`);
    fs.renameSync(tmp, this.file);
  }
}
