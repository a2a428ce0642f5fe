import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { Clock } from '../clock';
import { expandCommand } from '../config';
import { MAX_VOLUME, type MediaPlayer, type PlayableItem, type PlayHandle, type PlayResult } from './media-player';

/** A player that ignores SIGTERM this long gets SIGKILL. */
const KILL_AFTER_MS = 3_000;
const STDERR_TAIL = 400;
/** prepare() reads this much of the next file, so the player's first reads come from the page cache. */
const WARM_BYTES = 1024 * 1024;

/** Runs a command template (mpv, ffplay, aplay, or the operator's own) per play, without a shell. */
export class CommandPlayer implements MediaPlayer {
  private volume = MAX_VOLUME;
  /** Arguments worked out by prepare() for the file that plays next. */
  private prepared: { file: string; volume: number; argv: string[] } | null = null;

  constructor(
    private readonly argv: readonly string[],
    private readonly clock: Clock,
  ) {}

  /** Applies to the plays that start from now on; only templates with a `{volume}` placeholder can apply it. */
  setVolume(volume: number): boolean {
    this.volume = volume;
    return this.argv.some((arg) => arg.includes('{volume}'));
  }

  /** Checks the next file is there and readable and reads its head, off the playing path; errors surface in play(). */
  prepare(file: string, _item: PlayableItem): void {
    this.prepared = { file, volume: this.volume, argv: expandCommand(this.argv, file, this.volume) };
    void warm(file);
  }

  play(file: string, _item: PlayableItem): PlayHandle {
    const prepared = this.prepared?.file === file && this.prepared.volume === this.volume ? this.prepared.argv : null;
    this.prepared = null;
    const [cmd, ...args] = prepared ?? expandCommand(this.argv, file, this.volume);
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let stopped = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    const done = new Promise<PlayResult>((resolve) => {
      child.on('error', (err) => resolve({ ok: false, reason: `无法启动播放命令 ${cmd}：${err.message}` }));
      child.on('close', (code, signal) => {
        if (stopped) resolve({ ok: false, reason: 'stopped' });
        else if (code === 0) resolve({ ok: true });
        else resolve({ ok: false, reason: `播放命令退出码 ${code ?? signal}${stderr ? `：${stderr.trim()}` : ''}` });
      });
    });
    return {
      done,
      stop: () => {
        if (stopped || child.exitCode !== null) return;
        stopped = true;
        child.kill('SIGTERM');
        const killer = this.clock.setTimer(() => child.kill('SIGKILL'), KILL_AFTER_MS);
        void done.then(() => this.clock.clearTimer(killer));
      },
    };
  }
}

/** Resolves true when the file's head could be read. */
export async function warm(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(file, 'r');
    await handle.read(Buffer.alloc(WARM_BYTES), 0, WARM_BYTES, 0);
    return true;
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
