import * as fs from 'node:fs';
import type { PlayLogEntry } from '@sunshine/playlists/device';
import { writeFileAtomic } from './atomic-file';

type JournalLine = { t: 'play'; entry: PlayLogEntry } | { t: 'ack'; ids: string[] };

export interface JournalOptions {
  /** Compaction runs once at least this many acknowledged entries sit in the file and they outnumber the pending ones. */
  compactAfterAcked?: number;
  /** Told about lines that could not be read back (a torn last line after a crash, or a damaged one). */
  onDamagedLine?: (lineNo: number, text: string) => void;
}

/**
 * Append-only NDJSON play-log journal. Entries leave it only after the server acknowledged them
 * (a signed `playlog-ack` command), so logs survive being offline and crashes.
 */
export class Journal {
  private readonly pendingById = new Map<string, PlayLogEntry>();
  private ackedInFile = 0;
  private readonly compactAfterAcked: number;

  constructor(
    readonly file: string,
    private readonly opts: JournalOptions = {},
  ) {
    this.compactAfterAcked = opts.compactAfterAcked ?? 200;
    this.load();
  }

  pending(): PlayLogEntry[] {
    return [...this.pendingById.values()];
  }

  /**
   * Pending in memory first: when the disk refuses the line (full, failing card) the play is still sent while the
   * agent runs, instead of being lost; the write error is thrown for the caller to report.
   */
  append(entry: PlayLogEntry): void {
    this.pendingById.set(entry.id, entry);
    this.write([{ t: 'play', entry }]);
  }

  /** Records the server's acknowledgement; unknown or already acknowledged ids are ignored. Returns how many were pending. */
  ack(ids: readonly string[]): number {
    const known = [...new Set(ids)].filter((id) => this.pendingById.has(id));
    if (known.length === 0) return 0;
    for (const id of known) this.pendingById.delete(id);
    try {
      this.write([{ t: 'ack', ids: known }]);
    } catch {
      // A full disk: after a restart these are sent again, and the server stores each play once.
      return known.length;
    }
    this.ackedInFile += known.length;
    if (this.ackedInFile >= this.compactAfterAcked && this.ackedInFile > this.pendingById.size) this.compact();
    return known.length;
  }

  /** Rewrites the file with only the pending entries; atomic, so a crash keeps either file whole. */
  compact(): void {
    const lines = this.pending().map((entry) => JSON.stringify({ t: 'play', entry } satisfies JournalLine) + '\n');
    writeFileAtomic(this.file, lines.join(''));
    this.ackedInFile = 0;
  }

  private write(lines: JournalLine[]): void {
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeFileSync(fd, lines.map((l) => JSON.stringify(l) + '\n').join(''));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      // A crash mid-append leaves a torn last line; cut it so the next append starts on a fresh line.
      this.opts.onDamagedLine?.(text.slice(0, end).split('\n').length, text.slice(end));
      fs.truncateSync(this.file, Buffer.byteLength(text.slice(0, end)));
    }
    text.slice(0, end).split('\n').forEach((raw, i) => {
      if (raw === '') return;
      const line = parseLine(raw);
      if (!line) return this.opts.onDamagedLine?.(i + 1, raw);
      if (line.t === 'play') {
        this.pendingById.set(line.entry.id, line.entry);
      } else {
        for (const id of line.ids) if (this.pendingById.delete(id)) this.ackedInFile++;
      }
    });
  }
}

function parseLine(raw: string): JournalLine | null {
  try {
    const line = JSON.parse(raw) as Partial<JournalLine> | null;
    if (line?.t === 'play' && typeof line.entry?.id === 'string') return line as JournalLine;
    if (line?.t === 'ack' && Array.isArray(line.ids) && line.ids.every((id) => typeof id === 'string')) return line as JournalLine;
  } catch {
    // reported by the caller
  }
  return null;
}
