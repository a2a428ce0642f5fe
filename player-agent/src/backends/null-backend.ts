import type { Clock } from '../clock';
import type { MediaPlayer, PlayableItem, PlayHandle, PlayResult } from './media-player';

/** Simulation backend: plays nothing, but takes the media's duration on the clock like a real player would. */
export class NullPlayer implements MediaPlayer {
  /** The volume it was last asked to play at (null until set), for simulations and tests. */
  volume: number | null = null;

  constructor(private readonly clock: Clock) {}

  setVolume(volume: number): boolean {
    this.volume = volume;
    return true;
  }

  prepare(_file: string, _item: PlayableItem): void {
    // Nothing to get ready: a simulated play starts at once.
  }

  play(_file: string, item: PlayableItem): PlayHandle {
    let finish: (result: PlayResult) => void = () => undefined;
    const done = new Promise<PlayResult>((resolve) => (finish = resolve));
    const timer = this.clock.setTimer(() => finish({ ok: true }), item.media.durationMs);
    return {
      done,
      stop: () => {
        this.clock.clearTimer(timer);
        finish({ ok: false, reason: 'stopped' });
      },
    };
  }
}
