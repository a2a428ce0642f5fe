import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicAsync } from './atomic-file';

/** The last accepted message of one topic stream: its seq guards against replays, its sig recognises redelivery. */
export interface StreamMark {
  seq: number;
  sig: string;
}

interface StateFile {
  streams: Record<string, StreamMark>;
  /** slotId → slot start (epoch ms), kept so pruning needs no slot-id parsing. */
  handled: Record<string, number>;
  /** Operator-set volume (0–100); absent until a set-volume command. */
  volume?: number;
  /** alertId → the raw envelope of an alert accepted and not yet answered finally (success, failed, cancelled). */
  openAlerts?: Record<string, OpenAlert>;
}

/** An alert the agent must still air and answer, with the topic its signature covers. */
export interface OpenAlert {
  topic: string;
  raw: string;
}

/**
 * Durable agent state in the data dir, every file replaced atomically:
 * `playlist.json` (the raw last verified playlist envelope) and `state.json` (stream marks, handled slots, volume,
 * alerts not finished: in the same file as their topic's mark, so a crash never keeps the mark and loses the alert).
 *
 * Reads are answered from memory at once; writes go to disk in order, one at a time, off the event loop
 * (`flush()` waits for them). Consecutive state writes coalesce into one. A playlist's stream mark reaches
 * state.json only after its envelope is durable in playlist.json, so a crash never leaves a mark whose playlist
 * is missing (the broker's redelivery would then be taken for a duplicate).
 */
export class AgentStore {
  readonly mediaDir: string;
  readonly journalFile: string;
  private readonly playlistFile: string;
  private readonly stateFile: string;
  private state: StateFile = { streams: {}, handled: {} };
  /** The stream marks state.json may hold: a playlist's mark joins once its envelope is on disk. */
  private durableStreams: Record<string, StreamMark> = {};
  private writes: Promise<void> = Promise.resolve();
  private stateWriteQueued = false;

  constructor(
    readonly dataDir: string,
    onDamaged: (file: string, reason: string) => void = () => undefined,
    private readonly onWriteFailed: (file: string, reason: string) => void = () => undefined,
  ) {
    this.mediaDir = path.join(dataDir, 'media');
    this.journalFile = path.join(dataDir, 'journal.ndjson');
    this.playlistFile = path.join(dataDir, 'playlist.json');
    this.stateFile = path.join(dataDir, 'state.json');
    fs.mkdirSync(this.mediaDir, { recursive: true });
    try {
      this.state = parseState(fs.readFileSync(this.stateFile, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onDamaged(this.stateFile, (err as Error).message);
    }
    this.durableStreams = { ...this.state.streams };
  }

  /** Resolves once every write asked for so far is on disk (or has failed and been reported). */
  flush(): Promise<void> {
    return this.writes;
  }

  loadPlaylistRaw(): Buffer | null {
    try {
      return fs.readFileSync(this.playlistFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Ordered after the writes already asked for, so an earlier accepted playlist cannot reappear. */
  discardPlaylist(): void {
    this.enqueue(this.playlistFile, () => fs.promises.rm(this.playlistFile, { force: true }));
  }

  streamMark(topic: string): StreamMark | undefined {
    return this.state.streams[topic];
  }

  /**
   * Records an accepted message. A playlist's raw envelope is written before its mark: a crash in between
   * leaves the old mark, so the broker's redelivery is accepted again instead of being taken for a duplicate.
   */
  recordAccepted(topic: string, mark: StreamMark, playlistRaw?: Buffer | string): void {
    this.state.streams[topic] = mark;
    if (playlistRaw === undefined) {
      this.durableStreams[topic] = mark;
    } else {
      this.enqueue(this.playlistFile, async () => {
        await writeFileAtomicAsync(this.playlistFile, playlistRaw);
        this.durableStreams[topic] = mark;
      });
    }
    this.saveState();
  }

  handledSlotIds(): ReadonlySet<string> {
    return new Set(Object.keys(this.state.handled));
  }

  /**
   * Resolves once the mark is on disk (or its write failed and was reported): a slot is marked before it airs, and
   * a kill or power cut between the start of the broadcast and an unwritten mark would air it again after restart.
   */
  markHandled(slotId: string, startAtMs: number): Promise<void> {
    this.state.handled[slotId] = startAtMs;
    this.saveState();
    return this.flush();
  }

  /** Forgets slots that started before `beforeMs` (the playlist horizon start): they can never be due again. */
  pruneHandled(beforeMs: number): void {
    const stale = Object.entries(this.state.handled).filter(([, startMs]) => startMs < beforeMs);
    if (stale.length === 0) return;
    for (const [slotId] of stale) delete this.state.handled[slotId];
    this.saveState();
  }

  volume(): number | undefined {
    return this.state.volume;
  }

  setVolume(volume: number): void {
    this.state.volume = volume;
    this.saveState();
  }

  openAlerts(): Array<OpenAlert & { alertId: string }> {
    return Object.entries(this.state.openAlerts ?? {}).map(([alertId, a]) => ({ alertId, ...a }));
  }

  /** An accepted alert not finished yet: a restart (kill, power cut) finds it here, as the broker's copy is then a duplicate. */
  keepOpenAlert(alertId: string, alert: OpenAlert): void {
    (this.state.openAlerts ??= {})[alertId] = alert;
    this.saveState();
  }

  closeAlert(alertId: string): void {
    if (!this.state.openAlerts || !(alertId in this.state.openAlerts)) return;
    delete this.state.openAlerts[alertId];
    this.saveState();
  }

  private saveState(): void {
    if (this.stateWriteQueued) return;
    this.stateWriteQueued = true;
    this.enqueue(this.stateFile, () => {
      // Taken when the write starts, so it carries every change made while it waited.
      this.stateWriteQueued = false;
      return writeFileAtomicAsync(this.stateFile, JSON.stringify({ ...this.state, streams: this.durableStreams }));
    });
  }

  private enqueue(file: string, write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((err: Error) => this.onWriteFailed(file, err.message));
  }
}

function parseState(text: string): StateFile {
  const raw = JSON.parse(text) as Partial<StateFile> | null;
  if (typeof raw !== 'object' || raw === null || typeof raw.streams !== 'object' || typeof raw.handled !== 'object') {
    throw new Error('state.json 结构不正确');
  }
  const state: StateFile = { streams: { ...raw.streams }, handled: { ...raw.handled } };
  if (typeof raw.volume === 'number' && Number.isInteger(raw.volume) && raw.volume >= 0 && raw.volume <= 100) state.volume = raw.volume;
  if (typeof raw.openAlerts === 'object' && raw.openAlerts !== null) {
    const open = Object.entries(raw.openAlerts).filter(([, a]) => typeof a?.topic === 'string' && typeof a?.raw === 'string');
    if (open.length > 0) state.openAlerts = Object.fromEntries(open);
  }
  return state;
}
