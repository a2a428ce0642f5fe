import type { DeviceProfile, VideoSpec } from '@sunshine/devices';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'fs/promises';
import { join } from 'path';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { MediaError } from '../../media-error';
import { ContentStore } from '../../store/content-store';
import { masterSpeech } from '../master-speech';
import { renderKey } from '../render-key';
import { settleAll } from '../settle-all';
import { InterpretationSpeech, NoticeSpeech, ScriptLine, speechKeyParts, speechVoiceLabel } from '../speech-script';
import { ChimeCache, scriptOrEmpty, SentenceTiming, SpeakerTimeline, speakScript, TtsSource, ttsLookup } from '../speech-track';
import { CjkFont, locateCjkFont } from './cjk-font';
import { TimedText } from './paginate';
import { checkSourceUrl, writeQrPng } from './qr-code';
import { backgroundColour, buildSegmentScene, SegmentContent } from './segment-ass';
import { FramePlan, H264Settings, muxArgs, slideFrames, videoStreamArgs } from './video-args';
import { planVideoLayout, VideoLayout } from './video-layout';

/** What every screen shows besides the spoken text. */
export interface SegmentDetails {
  /** Issuing department, e.g. 某某县人民政府办公室. */
  department: string;
  /** As displayed, e.g. 2026年11月23日. */
  date: string;
  /** Link to the source document; shown as a QR code where the screen allows. */
  sourceUrl?: string;
  profile: DeviceProfile;
}

/** A notice or a policy interpretation, as a video segment for a screen profile. */
export type VideoRenderInput = (NoticeSpeech | InterpretationSpeech) & SegmentDetails;

export interface RenderedVideo {
  renderKey: string;
  sha256: string;
  size: number;
  durationMs: number;
  mime: 'video/mp4';
  ext: 'mp4';
  width: number;
  height: number;
  /** The voice, or the voices joined by '+' when questions and answers are read by two. */
  voiceId: string;
  /** The voice(s) that actually spoke: differs from voiceId when the offline voice stood in. */
  voiceUsed: string;
  /** True when an unreachable online voice was replaced by the offline fallback voice. */
  fallback: boolean;
  /** Display text of every spoken sentence (title first) with its timing in the segment. */
  sentences: SentenceTiming[];
}

export type VideoRendererDeps = {
  runner: FfmpegRunner;
  store: ContentStore;
  tmpDir: string;
} & TtsSource;

/** Bump when the look of segments changes (layout, colours, font, encoding). */
export const VIDEO_TEMPLATE_VERSION = 'gov-notice-2';
/**
 * Slides are timed on a 25 fps grid (ASS centiseconds fall on it), but only frames that show a change are
 * encoded, plus one at least every SLIDE_REFRESH_MS: under one frame a second on average.
 */
export const SLIDE_GRID_FPS = 25;
export const SLIDE_REFRESH_MS = 2000;

const KIND_LABELS: Record<VideoRenderInput['kind'], string> = { notice: '通知公告', interpretation: '政策解读' };
const ASS_FILE = 'segment.ass';
const FONTS_DIR = 'fonts';
/** A fontconfig setup with no font folders: libass then sees only the shipped CJK font, on every host. */
const EMPTY_FONTCONFIG = '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n';

export function renderKeyForVideo(input: VideoRenderInput): string {
  return renderKey({ rendition: 'video', template: VIDEO_TEMPLATE_VERSION, ...speechKeyParts(input) });
}

/**
 * What the screen shows of the spoken lines: the title's sentences, and the body (a notice's text, or the
 * questions and answers, each a paragraph, questions emphasised). The interpreter line is only spoken (and
 * subtitled): the header names the interpreter.
 */
export function segmentContent(input: VideoRenderInput, script: readonly ScriptLine[], timeline: SpeakerTimeline): SegmentContent {
  const pick = (roles: ReadonlyArray<ScriptLine['role']>): TimedText[] =>
    script.flatMap((line, i) => {
      if (!roles.includes(line.role)) return [];
      const opensQa = (line.role === 'question' || line.role === 'answer') && line.paragraph !== script[i - 1]?.paragraph;
      return [{ ...timeline.sentences[i], ...(opensQa ? { newParagraph: true } : {}), ...(line.role === 'question' ? { emphasis: true } : {}) }];
    });
  return {
    kindLabel: KIND_LABELS[input.kind],
    department: input.department,
    interpreter: input.kind === 'interpretation' ? input.interpreter : undefined,
    date: input.date,
    title: input.title,
    titleSentences: pick(['title']),
    bodySentences: pick(['body', 'question', 'answer']),
    durationMs: timeline.durationMs,
  };
}

/** Frame grid and x264 settings: changed frames only, tuned for stills, on slides; every frame on a ticker. */
export function videoEncodingFor(layout: VideoLayout, video: VideoSpec): { fps: number; h264: H264Settings } {
  if (layout.template === 'ticker') {
    return { fps: video.fps, h264: { preset: 'veryfast', crf: 20, gopFrames: video.fps * 2 } };
  }
  // GOP counted in encoded frames, i.e. a keyframe every ~10 changes or refreshes.
  return { fps: SLIDE_GRID_FPS, h264: { preset: 'veryfast', tune: 'stillimage', crf: 20, gopFrames: 10, bFrames: 0 } };
}

/** Renders a notice or an interpretation as an MP4 segment for a hall TV or LED screen profile. */
export class VideoRenderer {
  private readonly ttsFor: ReturnType<typeof ttsLookup>;
  private readonly chimes: ChimeCache;

  constructor(private readonly deps: VideoRendererDeps) {
    this.ttsFor = ttsLookup(deps);
    this.chimes = new ChimeCache(deps.runner, join(deps.tmpDir, 'tones'));
  }

  async render(input: VideoRenderInput, onProgress: (pct: number) => void = () => undefined): Promise<RenderedVideo> {
    const { profile } = input;
    const video = profile.video;
    if (!video || profile.container !== 'mp4') {
      throw new MediaError('PROFILE_UNSUPPORTED', `设备配置 ${profile.id} 不是视频配置，无法生成视频`);
    }
    const key = renderKeyForVideo(input);
    const script = scriptOrEmpty(input, this.ttsFor);
    const sourceUrl = input.sourceUrl === undefined ? undefined : checkSourceUrl(input.sourceUrl);
    const font = locateCjkFont();
    const layout = planVideoLayout(video, { withQr: sourceUrl !== undefined });
    const { runner, store } = this.deps;
    const { audio } = profile;

    await mkdir(this.deps.tmpDir, { recursive: true });
    const workDir = await mkdtemp(join(this.deps.tmpDir, 'video-'));
    try {
      onProgress(5);
      const timeline = await speakScript(script, input.rate, workDir, this.ttsFor, this.chimes, audio.sampleRate, { allowFallback: input.allowFallback });
      onProgress(40);
      // Sound and picture are encoded side by side, then put together without re-encoding.
      const [sound, picture] = await settleAll([
        masterSpeech(runner, timeline, audio, { codec: 'aac', sampleRate: audio.sampleRate, channels: audio.channels, bitrateKbps: audio.bitrateKbps }, workDir),
        this.encodeVideo(workDir, segmentContent(input, script, timeline), layout, video, font, sourceUrl),
      ]);
      onProgress(90);
      const out = join(workDir, 'segment.mp4');
      await runner.run(muxArgs(picture, sound, out));
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
        voiceId: speechVoiceLabel(input),
        voiceUsed: timeline.voiceUsed,
        fallback: timeline.fallback,
        sentences: timeline.sentences,
      };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
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
