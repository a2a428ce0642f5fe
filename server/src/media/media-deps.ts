import { Logger } from '@nestjs/common';
import {
  BinarySource,
  ContentStore,
  EdgeEngine,
  EspeakEngine,
  FallbackTts,
  FfmpegBinaries,
  FfmpegRunner,
  locateFfmpegBinaries,
  SpeakerRenderer,
  SpeakerVariantsRenderer,
  TtsEngine,
  VideoRenderer,
  VoiceCatalogue as EngineCatalogue,
} from '@sunshine/media';
import { ProfileRenderers } from './profile-renderers';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';

/** The media library's adapters, built once per process and injected by token. */
export const MEDIA_STORE = Symbol('MEDIA_STORE');
export const TTS_ENGINES = Symbol('TTS_ENGINES');
/** Which engine speaks which voice (the media library's catalogue over TTS_ENGINES). */
export const ENGINE_CATALOGUE = Symbol('ENGINE_CATALOGUE');
/** One engine for every voice: routes per voice and lets the offline voice stand in where a content allows. */
export const ROUTED_TTS = Symbol('ROUTED_TTS');
export const FFMPEG_RUNNER = Symbol('FFMPEG_RUNNER');
/** Which ffmpeg/ffprobe this process uses (path, where found, version): logged at start, shown by /api/health. */
export const FFMPEG_BINARIES = Symbol('FFMPEG_BINARIES');
export const PROFILE_RENDERERS = Symbol('PROFILE_RENDERERS');

/** Speaks when an online voice cannot be reached: offline, always installed. */
export const FALLBACK_VOICE_ID = 'espeak:cmn';

const SOURCE_LABELS: Record<BinarySource, string> = {
  env: '环境变量指定',
  static: 'ffmpeg-static',
  installer: 'npm 自带的 @ffmpeg-installer/@ffprobe-installer',
  path: '系统 PATH',
};

/**
 * Finds ffmpeg and ffprobe once per process (env → ffmpeg-static if its binary runs → the npm-shipped installer
 * binaries → PATH) and says at start which ones were found, so a county's log shows what renders its audio.
 */
export function locateFfmpeg(logger = new Logger('Media')): FfmpegBinaries {
  const found = locateFfmpegBinaries(process.env, { probe: true });
  for (const [name, b] of Object.entries(found) as Array<[string, FfmpegBinaries['ffmpeg']]>) {
    if (b.version) logger.log(`${name}：${b.path}（${SOURCE_LABELS[b.source]}）${b.version}`);
    else logger.warn(`${name}：${b.path}（${SOURCE_LABELS[b.source]}）无法运行，渲染将失败；请安装 ffmpeg 或设置 ${name.toUpperCase()}_PATH`);
  }
  return found;
}

export function createFfmpegRunner(found: FfmpegBinaries): FfmpegRunner {
  return new FfmpegRunner({ ffmpegPath: found.ffmpeg.path, ffprobePath: found.ffprobe.path });
}

export function createStore(config: AppConfig): ContentStore {
  return new ContentStore(config.mediaDir);
}

/** espeak always (offline default); edge unless switched off, pointed at EDGE_TTS_URL when set. */
export function createTtsEngines(config: AppConfig, runner: FfmpegRunner): TtsEngine[] {
  const engines: TtsEngine[] = [new EspeakEngine()];
  if (config.edgeTts.enabled) {
    const endpoint = config.edgeTts.endpoint;
    engines.push(new EdgeEngine({ runner, ...(endpoint ? { endpoint: () => endpoint } : {}) }));
  }
  return engines;
}

export function createEngineCatalogue(engines: TtsEngine[]): EngineCatalogue {
  return new EngineCatalogue(engines);
}

export function createRoutedTts(catalogue: EngineCatalogue): FallbackTts {
  return new FallbackTts(catalogue, FALLBACK_VOICE_ID);
}

export function createProfileRenderers(config: AppConfig, runner: FfmpegRunner, tts: TtsEngine, store: ContentStore): ProfileRenderers {
  const tmpDir = path.join(config.dataDir, 'tmp');
  const deps = { runner, ttsFor: () => tts, store, tmpDir };
  return new ProfileRenderers(
    { speaker: new SpeakerRenderer(deps), video: new VideoRenderer(deps), variants: new SpeakerVariantsRenderer(deps) },
    (sha256, ext) => store.pathFor(sha256, ext),
    config.timezone,
  );
}
