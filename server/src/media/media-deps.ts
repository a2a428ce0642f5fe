import { ContentStore, EspeakEngine, FfmpegRunner, SpeakerRenderer, TtsEngine, VideoRenderer } from '@sunshine/media';
import { ProfileRenderers } from './profile-renderers';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';

/** The media library's adapters, built once per process and injected by token. */
export const MEDIA_STORE = Symbol('MEDIA_STORE');
export const TTS_ENGINES = Symbol('TTS_ENGINES');
export const FFMPEG_RUNNER = Symbol('FFMPEG_RUNNER');
export const PROFILE_RENDERERS = Symbol('PROFILE_RENDERERS');

export function createStore(config: AppConfig): ContentStore {
  return new ContentStore(path.join(config.dataDir, 'media'));
}

export function createTtsEngines(): TtsEngine[] {
  return [new EspeakEngine()];
}


export function createProfileRenderers(config: AppConfig, runner: FfmpegRunner, engines: TtsEngine[], store: ContentStore): ProfileRenderers {
  const tmpDir = path.join(config.dataDir, 'tmp');
  return new ProfileRenderers(
    new SpeakerRenderer({ runner, tts: engines[0], store, tmpDir }),
    new VideoRenderer({ runner, tts: engines[0], store, tmpDir }),
    config.timezone,
  );
}
