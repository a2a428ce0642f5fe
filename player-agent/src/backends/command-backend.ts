import { spawn } from 'node:child_process';
import type { Clock } from '../clock';
import { expandCommand } from '../config';
import type { MediaPlayer, PlayableItem, PlayHandle, PlayResult } from './media-player';

/** A player that ignores SIGTERM this long gets SIGKILL. */
const KILL_AFTER_MS = 3_000;
const STDERR_TAIL = 400;

/** Runs a command template (mpv, ffplay, aplay, or the operator's own) per play, without a shell. */
export class CommandPlayer implements MediaPlayer {
  constructor(
    private readonly argv: readonly string[],
    private readonly clock: Clock,
  ) {}

  play(file: string, _item: PlayableItem): PlayHandle {
    const [cmd, ...args] = expandCommand(this.argv, file);
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
