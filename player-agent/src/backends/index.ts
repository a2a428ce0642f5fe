import type { Clock } from '../clock';
import type { BackendConfig } from '../config';
import { CommandPlayer } from './command-backend';
import type { MediaPlayer } from './media-player';
import { NullPlayer } from './null-backend';

export { MAX_VOLUME, MIN_VOLUME } from './media-player';
export type { MediaPlayer, PlayableItem, PlayHandle, PlayResult } from './media-player';
export { CommandPlayer, NullPlayer };

export function createPlayer(backend: BackendConfig, clock: Clock): MediaPlayer {
  return backend.kind === 'null' ? new NullPlayer(clock) : new CommandPlayer(backend.argv, clock);
}
