import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { readFile } from 'fs/promises';
import { availableParallelism } from 'os';
import { join } from 'path';
import { createInterface } from 'readline';
import { mediaAssetPath } from '../../assets-path';
import { MediaError } from '../../media-error';
import { SynthesisRequest, SynthesizedSentence, TtsEngine, VoiceInfo } from '../tts-engine';
import { wavDurationMs } from '../wav-duration';

/** Voices of the bundled espeak-ng data that speak Chinese (verified present in espeak-ng 1.0.2's data). */
const ESPEAK_VOICES: ReadonlyArray<VoiceInfo & { espeakVoice: string }> = [
  { id: 'espeak:cmn', engine: 'espeak', language: 'zh-CN', name: '普通话（离线合成）', offline: true, espeakVoice: 'cmn' },
  { id: 'espeak:yue', engine: 'espeak', language: 'zh-yue', name: '粤语（离线合成）', offline: true, espeakVoice: 'yue' },
];

/** espeak-ng's speed in words per minute at rate 1.0. */
export const ESPEAK_NORMAL_WPM = 165;

/**
 * Every sentence pays a fixed start-up inside the worker (memory restore, espeak-ng loading its data: ~13 ms,
 * about what 40 characters cost to speak), so work is balanced on characters plus this.
 */
const SENTENCE_COST_CHARS = 40;

/** Maps a relative rate (1.0 normal) to espeak-ng's `-s`, kept inside the range espeak-ng accepts. */
export function rateToWpm(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) throw new MediaError('TTS_FAILED', `语速设置无效：${rate}`);
  return Math.min(450, Math.max(80, Math.round(ESPEAK_NORMAL_WPM * rate)));
}

/**
 * Cuts `weights` into at most `runs` contiguous runs of about equal total weight (none empty); returns the
 * index where each run starts. Contiguous, so each worker writes a stretch of consecutive files.
 */
export function balancedRunStarts(weights: readonly number[], runs: number): number[] {
  const n = Math.max(1, Math.min(runs, weights.length));
  const total = weights.reduce((a, b) => a + b, 0);
  const starts = [0];
  let before = 0;
  for (let i = 0; i < weights.length && starts.length < n; i++) {
    const after = before + weights[i];
    const share = (total * starts.length) / n;
    const runsLeft = n - starts.length;
    if (after >= share) {
      // Cut before or after item i, whichever lands nearer the share (a run never ends up empty).
      const cut = share - before < after - share && i > starts[starts.length - 1] ? i : i + 1;
      if (weights.length - cut >= runsLeft) starts.push(cut);
    } else if (weights.length - (i + 1) === runsLeft) {
      starts.push(i + 1); // just enough items left for the runs to come
    }
    before = after;
  }
  return starts;
}

export interface EspeakEngineOptions {
  /** Worker script; defaults to media/assets/espeak-worker.mjs. */
  workerPath?: string;
  /** Node binary running the worker. */
  nodePath?: string;
  /** Limit for one synthesis request; the worker is killed (and restarted next time) when exceeded. */
  requestTimeoutMs?: number;
  /**
   * Worker processes that speak one request's sentences side by side; default min(2, CPU cores). Each is
   * started on first use. The output does not depend on it: every sentence runs on a pristine instance.
   */
  workers?: number;
  /**
   * A worker process with nothing to do for this long is stopped (~150 MB each: the compiled WASM and its
   * memory); the next request starts it again (a few hundred ms). Default 60 s; 0 keeps workers for ever.
   */
  idleMs?: number;
  /** Workers kept running however long they are idle, once started (the alert fast path keeps one warm). Default 0. */
  keepWarm?: number;
}

/** Default idle time before a worker process is stopped. */
export const ESPEAK_IDLE_MS = 60_000;

interface WorkerItem {
  text: string;
  file: string;
}

interface WorkerRequest {
  voice: string;
  wpm: number;
  items: WorkerItem[];
}

interface WorkerAnswer {
  id: number;
  ok: boolean;
  error?: string;
}

interface Pending {
  id: number;
  child: ChildProcessWithoutNullStreams;
  settle(error?: MediaError): void;
}

/**
 * Offline espeak-ng synthesis. espeak-ng is an ES module + WASM, so it runs in long-lived child processes
 * (which also keep the 18 MB WASM compiled once) speaking newline-delimited JSON. A request's sentences are
 * shared out among the workers, each speaking a contiguous run of them.
 */
export class EspeakEngine implements TtsEngine {
  readonly id = 'espeak';
  /** espeak-ng reads digits one by one in Chinese, so numbers must be spelled out first. */
  readonly needsNormalisation = true;
  private readonly workers: EspeakWorker[];

  constructor(opts: EspeakEngineOptions = {}) {
    const workerPath = opts.workerPath ?? mediaAssetPath('espeak-worker.mjs');
    const nodePath = opts.nodePath ?? process.execPath;
    const timeoutMs = opts.requestTimeoutMs ?? 60_000;
    const count = Math.max(1, Math.floor(opts.workers ?? Math.min(2, availableParallelism())));
    const idleMs = opts.idleMs ?? ESPEAK_IDLE_MS;
    const keepWarm = opts.keepWarm ?? 0;
    // Worker 0 takes every one-sentence request (one run), so it is the one worth keeping warm.
    this.workers = Array.from({ length: count }, (_, i) => new EspeakWorker(nodePath, workerPath, timeoutMs, i < keepWarm ? 0 : idleMs));
  }

  /** Process ids of the running workers (for diagnostics). */
  get workerPids(): number[] {
    return this.workers.map((w) => w.pid).filter((pid): pid is number => pid !== undefined);
  }

  voices(): VoiceInfo[] {
    return ESPEAK_VOICES.map(({ id, engine, language, name, offline }) => ({ id, engine, language, name, offline }));
  }

  async synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]> {
    const voice = ESPEAK_VOICES.find((v) => v.id === req.voiceId);
    if (!voice) throw new MediaError('TTS_UNKNOWN_VOICE', `离线语音合成不支持该音色：${req.voiceId}`);
    const wpm = rateToWpm(req.rate);
    if (req.sentences.length === 0) return [];
    const items: WorkerItem[] = req.sentences.map((text, i) => ({
      text,
      file: join(req.workDir, `espeak-${String(i).padStart(4, '0')}.wav`),
    }));
    const starts = balancedRunStarts(
      items.map((item) => item.text.length + SENTENCE_COST_CHARS),
      this.workers.length,
    );
    const runs = starts.map((start, i) => items.slice(start, starts[i + 1] ?? items.length));
    // Every run is awaited even when one fails, so no worker still writes into the caller's dir afterwards.
    const results = await Promise.allSettled(runs.map((run, i) => this.workers[i].speak({ voice: voice.espeakVoice, wpm, items: run })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return Promise.all(items.map(async ({ text, file }) => ({ text, file, durationMs: wavDurationMs(await readFile(file)) })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

/** One worker process; its requests are served one at a time. */
class EspeakWorker {
  private child?: ChildProcessWithoutNullStreams;
  private pending?: Pending;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private stderrTail = '';
  /** Requests queued or in flight: the idle timer only runs while this is 0. */
  private busy = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly nodePath: string,
    private readonly workerPath: string,
    private readonly requestTimeoutMs: number,
    /** 0: never stopped for idleness. */
    private readonly idleMs: number,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  speak(body: WorkerRequest): Promise<void> {
    this.busy++;
    clearTimeout(this.idleTimer);
    const result = this.queue.then(() => this.speakNow(body)).finally(() => {
      if (--this.busy === 0) this.armIdle();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private armIdle(): void {
    if (this.idleMs <= 0 || !this.child) return;
    this.idleTimer = setTimeout(() => {
      if (this.busy === 0) void this.close();
    }, this.idleMs);
    this.idleTimer.unref(); // an idle worker never keeps the process alive
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.stdin.end(); // the worker exits when its input closes
    });
  }

  private async speakNow(body: WorkerRequest): Promise<void> {
    try {
      await this.request(body);
    } catch (err) {
      // A worker that died (not one that timed out) is simply restarted once.
      if (!(err instanceof MediaError && err.code === 'TTS_FAILED' && err.retryable)) throw err;
      await this.request(body);
    }
  }

  private request(body: WorkerRequest): Promise<void> {
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.stop(child);
        reject(new MediaError('TTS_TIMEOUT', `语音合成超时（超过 ${Math.round(this.requestTimeoutMs / 1000)} 秒）`, true));
      }, this.requestTimeoutMs);
      this.pending = {
        id,
        child,
        settle: (error) => {
          clearTimeout(timer);
          this.pending = undefined;
          if (error) reject(error);
          else resolve();
        },
      };
      child.stdin.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  private ensureChild(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.nodePath, [this.workerPath], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.stderrTail = '';
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(child, line));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-2048)));
    child.stdin.on('error', () => undefined); // EPIPE after a crash; the exit handler reports it
    const onGone = (why: string): void => {
      if (this.child === child) this.child = undefined;
      if (this.pending?.child === child) this.pending.settle(new MediaError('TTS_FAILED', `语音合成进程意外退出（${why}）`, true, this.stderrTail));
    };
    child.on('error', (err) => onGone(err.message));
    child.on('exit', (code, signal) => onGone(signal ?? `退出码 ${code}`));
    this.child = child;
    return child;
  }

  private stop(child: ChildProcessWithoutNullStreams): void {
    if (this.child === child) this.child = undefined;
    child.kill('SIGKILL');
  }

  private onLine(child: ChildProcessWithoutNullStreams, line: string): void {
    let answer: WorkerAnswer;
    try {
      answer = JSON.parse(line) as WorkerAnswer;
    } catch {
      return; // not a protocol line
    }
    if (this.pending?.child !== child || answer.id !== this.pending.id) return;
    this.pending.settle(answer.ok ? undefined : new MediaError('TTS_FAILED', `语音合成失败：${answer.error ?? '未知错误'}`));
  }
}
