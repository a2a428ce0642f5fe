import { ContentStore, EspeakEngine, FfmpegRunner, SpeakerRenderer, TtsEngine } from '@sunshine/media';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';

/** The media library's adapters, built once per process and injected by token. */
export const MEDIA_STORE = Symbol('MEDIA_STORE');
export const TTS_ENGINES = Symbol('TTS_ENGINES');
export const SPEAKER_RENDERER = Symbol('SPEAKER_RENDERER');
export const FFMPEG_RUNNER = Symbol('FFMPEG_RUNNER');

export function createStore(config: AppConfig): ContentStore {
  return new ContentStore(path.join(config.dataDir, 'media'));
}

export function createTtsEngines(): TtsEngine[] {
  return [new EspeakEngine()];
}

export function createSpeakerRenderer(config: AppConfig, runner: FfmpegRunner, engines: TtsEngine[], store: ContentStore): SpeakerRenderer {
  return new SpeakerRenderer({ runner, tts: engines[0], store, tmpDir: path.join(config.dataDir, 'tmp') });
}
