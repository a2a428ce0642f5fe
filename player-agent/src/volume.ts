import type { AgentStore } from './agent-store';
import { MAX_VOLUME, type MediaPlayer } from './backends';

/** The level a device plays at before any set-volume command: the player's own full level, no attenuation. */
export const DEFAULT_VOLUME = MAX_VOLUME;

/**
 * The device volume: set by the operator (persisted in the agent store, so it survives a restart), applied by the
 * backend when it can, and overridden for an emergency broadcast, then restored.
 */
export class VolumeControl {
  private overridden: number | null = null;

  constructor(
    private readonly player: Pick<MediaPlayer, 'setVolume'>,
    private readonly store: Pick<AgentStore, 'volume' | 'setVolume'>,
  ) {
    this.player.setVolume?.(this.level());
  }

  /** The operator's level (what the device state reports), whatever an alert plays at meanwhile. */
  level(): number {
    return this.store.volume() ?? DEFAULT_VOLUME;
  }

  /** Persists and applies a new level; false when the backend cannot apply volume (the level is kept anyway). */
  set(volume: number): boolean {
    this.store.setVolume(volume);
    // During an alert the alert's level stays in force (re-applying it tells whether the backend can apply any);
    // restore() brings the new level in afterwards.
    return this.player.setVolume?.(this.overridden ?? volume) ?? false;
  }

  /** Plays at `volume` until restore(): for an alert, at the volume its payload asks for. */
  override(volume: number): void {
    this.overridden = volume;
    this.player.setVolume?.(volume);
  }

  restore(): void {
    if (this.overridden === null) return;
    this.overridden = null;
    this.player.setVolume?.(this.level());
  }
}
