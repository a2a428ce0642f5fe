import type { DeviceProfile, VideoSpec } from '@sunshine/devices';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'fs/promises';
import { join } from 'path';
import { chimeArgs, concatArgs, ConcatPart, ebur128Args, LoudnessTarget, loudnormApplyArgs } from '../../ffmpeg/ffmpeg-args';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { MediaError } from '../../media-error';
import { ContentStore } from '../../store/content-store';
import { normaliseForSpeech, sanitizeText, splitSentences } from '../../text';
import { TtsEngine } from '../../tts/tts-engine';
import { wavDurationMs } from '../../tts/wav-duration';
import { renderKey } from '../render-key';
import { CODEC_HEADROOM_DB, LOUDNESS_RANGE_LU, planSpeakerTimeline, SentenceTiming, SPEECH_PEAK_LIMIT_DB } from '../speaker-renderer';
import { CjkFont, locateCjkFont } from './cjk-font';
import { checkSourceUrl, writeQrPng } from './qr-code';
import { loudnormMeasurementFromEbur128 } from './speech-loudness';
import { backgroundColour, buildSegmentScene, SegmentContent } from './segment-ass';
import { aacEncodeArgs, FramePlan, H264Settings, muxArgs, slideFrames, videoStreamArgs } from './video-args';
import { planVideoLayout, VideoLayout } from './video-layout';

export interface VideoRenderInput {
  kind: 'notice';
  title: string;
  body: string;
  /** Issuing department, e.g. 某某县人民政府办公室. */
  department: string;
  /** As displayed, e.g. 2026年11月23日. */
  date: string;
  /** Link to the source document; shown as a QR code where the screen allows. */
  sourceUrl?: string;
  voiceId: string;
  rate: number;
  profile: DeviceProfile;
}

export interface RenderedVideo {
  renderKey: string;
  sha256: string;
  size: number;
  durationMs: number;
  mime: 'video/mp4';
  ext: 'mp4';
  width: number;
  height: number;
  /** Display text of every spoken sentence (title first) with its timing in the segment. */
  sentences: SentenceTiming[];
}

export interface VideoRendererDeps {
  runner: FfmpegRunner;
  tts: TtsEngine;
  store: ContentStore;
  tmpDir: string;
}

/** One sentence as shown on screen and as handed to TTS (numbers, dates… written out for reading aloud). */
export interface ScriptSentence {
  display: string;
  spoken: string;
}

/** Bump when the look of segments changes (layout, colours, font, encoding). */
export const VIDEO_TEMPLATE_VERSION = 'gov-notice-1';
/**
 * Slides are timed on a 25 fps grid (ASS centiseconds fall on it), but only frames that show a change are
 * encoded, plus one at least every SLIDE_REFRESH_MS: under one frame a second on average.
 */
export const SLIDE_GRID_FPS = 25;
export const SLIDE_REFRESH_MS = 2000;

const KIND_LABELS: Record<VideoRenderInput['kind'], string> = { notice: '通知公告' };
const ASS_FILE = 'segment.ass';
const FONTS_DIR = 'fonts';
/** A fontconfig setup with no font folders: libass then sees only the shipped CJK font, on every host. */
const EMPTY_FONTCONFIG = '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n';

export function renderKeyForVideo(input: VideoRenderInput): string {
  const { kind, title, body, department, date, sourceUrl, voiceId, rate, profile } = input;
  return renderKey({
    rendition: 'video',
    template: VIDEO_TEMPLATE_VERSION,
    kind,
    title,
    body,
    department,
    date,
    sourceUrl: sourceUrl ?? null,
    voiceId,
    rate,
    profile,
  });
}

/**
 * Sentences split from the sanitised text, so the screen shows the editor's wording ("10月15日") while TTS
 * reads its normalised form ("十月十五日"); one synthesis per sentence keeps the two aligned.
 */
export function videoScript(input: Pick<VideoRenderInput, 'title' | 'body'>): { title: ScriptSentence[]; body: ScriptSentence[] } {
  const prepare = (text: string): ScriptSentence[] =>
    splitSentences(sanitizeText(text)).map((display) => ({ display, spoken: normaliseForSpeech(display) }));
  return { title: prepare(input.title), body: prepare(input.body) };
}

/** Frame grid and x264 settings: changed frames only, tuned for stills, on slides; every frame on a ticker. */
export function videoEncodingFor(layout: VideoLayout, video: VideoSpec): { fps: number; h264: H264Settings } {
  if (layout.template === 'ticker') {
    return { fps: video.fps, h264: { preset: 'veryfast', crf: 20, gopFrames: video.fps * 2 } };
  }
  // GOP counted in encoded frames, i.e. a keyframe every ~10 changes or refreshes.
  return { fps: SLIDE_GRID_FPS, h264: { preset: 'veryfast', tune: 'stillimage', crf: 20, gopFrames: 10, bFrames: 0 } };
}

/** Renders a notice as an MP4 segment for a hall TV or LED screen profile. */
export class VideoRenderer {
  constructor(private readonly deps: VideoRendererDeps) {}

  async render(input: VideoRenderInput, onProgress: (pct: number) => void = () => undefined): Promise<RenderedVideo> {
    const { profile } = input;
    const video = profile.video;
    if (!video || profile.container !== 'mp4') {
      throw new MediaError('PROFILE_UNSUPPORTED', `设备配置 ${profile.id} 不是视频配置，无法生成视频`);
    }
    const key = renderKeyForVideo(input);
    const script = videoScript(input);
    if (script.title.length + script.body.length === 0) throw new MediaError('TEXT_EMPTY', '通知标题和正文都没有可朗读的文字');
    const sourceUrl = input.sourceUrl === undefined ? undefined : checkSourceUrl(input.sourceUrl);
    const font = locateCjkFont();
    const layout = planVideoLayout(video, { withQr: sourceUrl !== undefined });
    const { runner, tts, store } = this.deps;
    const { sampleRate } = profile.audio;

    await mkdir(this.deps.tmpDir, { recursive: true });
    const workDir = await mkdtemp(join(this.deps.tmpDir, 'video-'));
    try {
      const chimePath = join(workDir, 'chime.wav');
      await runner.run(chimeArgs(chimePath, sampleRate));
      const chime = { file: chimePath, durationMs: wavDurationMs(await readFile(chimePath)) };
      onProgress(5);
      const spoken = await tts.synthesize({
        sentences: [...script.title, ...script.body].map((s) => s.spoken),
        voiceId: input.voiceId,
        rate: input.rate,
        workDir,
      });
      onProgress(40);
      const timeline = planSpeakerTimeline(chime, spoken.slice(0, script.title.length), spoken.slice(script.title.length));
      const displays = [...script.title, ...script.body].map((s) => s.display);
      const sentences = timeline.sentences.map((s, i) => ({ ...s, text: displays[i] }));
      const content: SegmentContent = {
        kindLabel: KIND_LABELS[input.kind],
        department: input.department,
        date: input.date,
        title: input.title,
        titleSentences: sentences.slice(0, script.title.length),
        bodySentences: sentences.slice(script.title.length),
        durationMs: timeline.durationMs,
      };
      // Sound and picture are encoded side by side (one core each), then put together without re-encoding.
      // Both are awaited even when one fails, so nothing still writes into the work dir when it is removed.
      const [audio, picture] = await Promise.allSettled([
        this.encodeAudio(workDir, timeline.parts, profile),
        this.encodeVideo(workDir, content, layout, video, font, sourceUrl),
      ]);
      if (audio.status === 'rejected') throw audio.reason;
      if (picture.status === 'rejected') throw picture.reason;
      onProgress(90);
      const out = join(workDir, 'segment.mp4');
      await runner.run(muxArgs(picture.value, audio.value, out));
      onProgress(95);
      const stored = await store.putFile(out, 'mp4');
      onProgress(100);
      return {
        renderKey: key,
        sha256: stored.sha256,
        size: stored.size,
        durationMs: timeline.durationMs,
        mime: 'video/mp4',
        ext: 'mp4',
        width: video.width,
        height: video.height,
        sentences,
      };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** The spoken parts joined and peak-limited, normalised (measure, then linear gain) to the profile's loudness, as AAC. */
  private async encodeAudio(workDir: string, parts: ConcatPart[], profile: DeviceProfile): Promise<string> {
    const { runner } = this.deps;
    const { audio } = profile;
    const joined = join(workDir, 'joined.wav');
    await runner.run(concatArgs(parts, joined, audio.sampleRate, { peakLimitDb: SPEECH_PEAK_LIMIT_DB }));
    const target: LoudnessTarget = {
      integratedLufs: audio.loudnessLufs,
      truePeakDb: audio.truePeakDb - CODEC_HEADROOM_DB,
      lra: LOUDNESS_RANGE_LU,
    };
    const measured = loudnormMeasurementFromEbur128((await runner.run(ebur128Args(joined))).stderr);
    const out = join(workDir, 'audio.m4a');
    await runner.run(loudnormApplyArgs(joined, target, measured, aacEncodeArgs(audio), out));
    return out;
  }

  /**
   * Writes the ASS document, the fonts folder, an empty fontconfig setup and (on slides) the QR code, then
   * encodes the picture with cwd = workDir, so the filter graph names only fixed relative files.
   */
  private async encodeVideo(
    workDir: string,
    content: SegmentContent,
    layout: VideoLayout,
    video: VideoSpec,
    font: CjkFont,
    sourceUrl: string | undefined,
  ): Promise<string> {
    const encoding = videoEncodingFor(layout, video);
    const scene = buildSegmentScene(content, layout, font, encoding.fps);
    const fontsDir = join(workDir, FONTS_DIR);
    const fontconfig = join(workDir, 'fonts.conf');
    await mkdir(fontsDir);
    await Promise.all([
      writeFile(join(workDir, ASS_FILE), scene.ass, 'utf8'),
      writeFile(fontconfig, EMPTY_FONTCONFIG, 'utf8'),
      linkOrCopy(font.regular.path, join(fontsDir, 'regular.otf')),
      linkOrCopy(font.bold.path, join(fontsDir, 'bold.otf')),
    ]);
    const qrPath = join(workDir, 'qr.png');
    const qr = layout.template === 'slides' && layout.qr && sourceUrl !== undefined ? await writeQrPng(sourceUrl, layout.qr, qrPath) : undefined;
    const frames: FramePlan =
      layout.template === 'ticker'
        ? { kind: 'constant' }
        : { kind: 'selected', frames: slideFrames(scene.changesMs, content.durationMs, encoding.fps, SLIDE_REFRESH_MS) };
    const out = join(workDir, 'video.mp4');
    const args = videoStreamArgs({
      width: video.width,
      height: video.height,
      fps: encoding.fps,
      durationMs: content.durationMs,
      background: backgroundColour(layout),
      assFile: ASS_FILE,
      fontsDir: FONTS_DIR,
      frames,
      h264: encoding.h264,
      overlay: qr && { path: qrPath, x: qr.x, y: qr.y },
      outPath: out,
    });
    await this.deps.runner.run(args, { cwd: workDir, env: { FONTCONFIG_FILE: fontconfig } });
    return out;
  }
}

/** The font files are ~8 MB each: link them where the OS allows, copy otherwise. */
async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await symlink(source, target);
  } catch {
    await copyFile(source, target);
  }
}
