/**
 * `npm run bench:render` — prints one JSON object for a ~60 s Chinese notice, per profile (speaker, hall-tv-1080p,
 * led-384x192, led-strip-1024x64):
 * - realtime factor = speech duration / wall time of render(): cold (new TTS workers, no cached chime) and warm
 *   (median of 3 after a warm-up);
 * - the pipeline against ONE hand-written ffmpeg command producing the same output from the same synthesised
 *   sentence WAVs (chime + sentences + pauses, limiter, the loudness gain the pipeline measured, encode; for
 *   screens also the slide/ticker picture from the same ASS file, muxed with +faststart), timed in the same run.
 *   ratioToRaw = (render − its TTS time) / raw command; ratioToRawWithTts = render / (TTS + raw command).
 * Progress goes to stderr. Everything runs in a temp dir that is removed at the end.
 */
import { getProfile, type DeviceProfile } from '@sunshine/devices';
import {
  buildSegmentScene,
  concatArgs,
  ContentStore,
  createFfmpegRunner,
  ebur128Args,
  EspeakEngine,
  locateCjkFont,
  parseEbur128Summary,
  planSpeechTimeline,
  planVideoLayout,
  segmentContent,
  SLIDE_REFRESH_MS,
  slideFrames,
  SPEECH_PEAK_LIMIT_DB,
  speechGain,
  speechScript,
  SpeakerRenderer,
  synthesizeScript,
  ChimeCache,
  VideoRenderer,
  videoEncodingFor,
  writeQrPng,
  type FfmpegRunner,
  type GainStage,
  type SpeakerTimeline,
  type SynthesisRequest,
  type SynthesizedSentence,
  type TtsEngine,
  type VideoRenderInput,
  type VoiceInfo,
} from '@sunshine/media';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TITLE = '关于做好2027年度城乡居民医保集中缴费工作的通知';
const BODY = `各村（社区）居民：2027年度城乡居民医保集中缴费工作于9月1日开始，至12月31日结束，个人缴费标准为每人每年400元。
缴费可通过手机银行、村便民服务站或县农村信用社网点办理。低保对象、特困人员的个人缴费部分由财政资助，请主动向村委会申报。
参保后在乡镇卫生院住院可报销85%，年度最高支付限额为15万元。请按时缴费，避免待遇中断。咨询电话：0878-6123456。`;
const DEPARTMENT = '某某县医疗保障局';
const DATE = '2026年8月20日';
const SOURCE_URL = 'https://www.example.gov.cn/xxgk/2026/08/20/yibao-jiaofei.html';
const VOICE = 'espeak:cmn';
const PROFILES = ['speaker', 'hall-tv-1080p', 'led-384x192', 'led-strip-1024x64'] as const;
const WARM_RUNS = 3;
const TARGETS = { speakerRealtime: 100, hallTvRealtime: 20, maxRatioToRaw: 1.2 };

const progress = (msg: string): void => void process.stderr.write(`[bench:render] ${msg}\n`);
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Adds up the time spent in synthesis, to tell the render's own work from the TTS it waits for. */
class TimedTts implements TtsEngine {
  readonly id: string;
  readonly needsNormalisation: boolean | undefined;
  spentMs = 0;

  constructor(private readonly inner: EspeakEngine) {
    this.id = inner.id;
    this.needsNormalisation = inner.needsNormalisation;
  }

  voices(): VoiceInfo[] {
    return this.inner.voices();
  }

  async synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]> {
    const started = performance.now();
    try {
      return await this.inner.synthesize(req);
    } finally {
      this.spentMs += performance.now() - started;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function profile(id: string): DeviceProfile {
  const p = getProfile(id);
  if (!p) throw new Error(`unknown profile ${id}`);
  return p;
}

function videoInput(p: DeviceProfile): VideoRenderInput {
  return { kind: 'notice', title: TITLE, body: BODY, voiceId: VOICE, rate: 1, department: DEPARTMENT, date: DATE, sourceUrl: SOURCE_URL, profile: p };
}

interface RenderRun {
  wallMs: number;
  ttsMs: number;
  processes: number;
  durationMs: number;
  sha256: string;
  ext: string;
}

/** One render of the notice for the profile, timed, with the TTS time and ffmpeg processes it took. */
async function renderOnce(runner: FfmpegRunner, tts: TimedTts, id: string, renderers: Renderers): Promise<RenderRun> {
  const p = profile(id);
  const before = { tts: tts.spentMs, processes: runner.processCount };
  const started = performance.now();
  const out =
    p.kind === 'speaker'
      ? await renderers.speaker.render({
          kind: 'notice',
          title: TITLE,
          body: BODY,
          voiceId: VOICE,
          rate: 1,
          profile: { sampleRate: p.audio.sampleRate, bitrateKbps: p.audio.bitrateKbps, loudnessLufs: p.audio.loudnessLufs, truePeakDb: p.audio.truePeakDb },
        })
      : await renderers.video.render(videoInput(p));
  const wallMs = performance.now() - started;
  return { wallMs, ttsMs: tts.spentMs - before.tts, processes: runner.processCount - before.processes, durationMs: out.durationMs, sha256: out.sha256, ext: out.ext };
}

interface Renderers {
  speaker: SpeakerRenderer;
  video: VideoRenderer;
}

function renderersFor(runner: FfmpegRunner, tts: TtsEngine, store: ContentStore, tmpDir: string): Renderers {
  return { speaker: new SpeakerRenderer({ runner, tts, store, tmpDir }), video: new VideoRenderer({ runner, tts, store, tmpDir }) };
}

/** The inputs a hand-written command starts from: the same sentence WAVs, chime, timeline, measured gain, ASS. */
interface RawInputs {
  dir: string;
  timeline: SpeakerTimeline;
  gain: GainStage;
  /** Slides: the frames that show a change (as the segment encodes them); none for a ticker or audio. */
  frames?: number[];
  qr?: { x: number; y: number };
}

async function prepareRaw(runner: FfmpegRunner, tts: TtsEngine, root: string, id: string): Promise<RawInputs> {
  const p = profile(id);
  const dir = await mkdtemp(join(root, `raw-${id}-`));
  const script = speechScript({ kind: 'notice', title: TITLE, body: BODY, voiceId: VOICE, rate: 1 });
  const spoken = await synthesizeScript(script, 1, dir, () => tts);
  const chime = await new ChimeCache(runner, dir).get(p.audio.sampleRate);
  const timeline = planSpeechTimeline(chime, script, spoken);
  // The gain the pipeline applies, measured once here (outside the timing), as an engineer would hand-tune it.
  const measured = join(dir, 'measured.wav');
  const summary = parseEbur128Summary((await runner.run(concatArgs(timeline.parts, measured, p.audio.sampleRate, { peakLimitDb: SPEECH_PEAK_LIMIT_DB, measure: true }))).stderr);
  const gain = speechGain({ integratedLufs: summary.integratedLufs, samplePeakDb: summary.truePeakDb }, p.audio);
  return { dir, timeline, gain, ...(p.video ? await prepareRawPicture(dir, p, p.video, script, timeline) : {}) };
}

/** ASS, fonts, an empty fontconfig and the QR code, as the segment uses them. */
async function prepareRawPicture(
  dir: string,
  p: DeviceProfile,
  video: NonNullable<DeviceProfile['video']>,
  script: ReturnType<typeof speechScript>,
  timeline: SpeakerTimeline,
): Promise<Pick<RawInputs, 'frames' | 'qr'>> {
  const layout = planVideoLayout(video, { withQr: true });
  const font = locateCjkFont();
  const fps = videoEncodingFor(layout, video).fps;
  const scene = buildSegmentScene(segmentContent(videoInput(p), script, timeline), layout, font, fps);
  await mkdir(join(dir, 'fonts'));
  await Promise.all([
    writeFile(join(dir, 'segment.ass'), scene.ass),
    writeFile(join(dir, 'fonts.conf'), '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n'),
    symlink(font.regular.path, join(dir, 'fonts', 'regular.otf')),
    symlink(font.bold.path, join(dir, 'fonts', 'bold.otf')),
  ]);
  const qr = layout.template === 'slides' && layout.qr ? await writeQrPng(SOURCE_URL, layout.qr, join(dir, 'qr.png')) : undefined;
  return {
    frames: layout.template === 'ticker' ? undefined : slideFrames(scene.changesMs, timeline.durationMs, fps, SLIDE_REFRESH_MS),
    qr: qr && { x: qr.x, y: qr.y },
  };
}

/** The one hand-written command: everything in one ffmpeg process, written out flag by flag. */
function rawCommand(raw: RawInputs, id: string): { args: string[]; out: string } {
  const p = profile(id);
  const sr = p.audio.sampleRate;
  const inputs: string[] = [];
  const chains: string[] = [];
  const labels: string[] = [];
  raw.timeline.parts.forEach((part, i) => {
    if (part.kind === 'file') {
      chains.push(`[${inputs.length / 2}:a]aresample=${sr},aformat=sample_fmts=s16:sample_rates=${sr}:channel_layouts=mono[p${i}]`);
      inputs.push('-i', `file:${part.path}`);
    } else {
      chains.push(`anullsrc=r=${sr}:cl=mono,atrim=end_sample=${Math.round((part.durationMs * sr) / 1000)}[p${i}]`);
    }
    labels.push(`[p${i}]`);
  });
  const limit = (db: number): string => `alimiter=limit=${Math.pow(10, db / 20).toFixed(4)}:level=false`;
  const gain = `volume=${raw.gain.gainDb.toFixed(2)}dB${raw.gain.limitDb === undefined ? '' : `,${limit(raw.gain.limitDb)}`}`;
  chains.push(`${labels.join('')}concat=n=${labels.length}:v=0:a=1,${limit(SPEECH_PEAK_LIMIT_DB)},${gain}[a]`);
  const common = ['-hide_banner', '-nostdin', '-nostats', '-y'];
  if (!p.video) {
    const out = join(raw.dir, 'raw.mp3');
    const encode = ['-c:a', 'libmp3lame', '-b:a', `${p.audio.bitrateKbps}k`, '-compression_level', '7', '-ac', '1', '-ar', String(sr)];
    return { args: [...common, ...inputs, '-filter_complex', chains.join(';'), '-map', '[a]', ...encode, `file:${out}`], out };
  }
  const v = p.video;
  const { frames, qr } = raw;
  const seconds = (raw.timeline.durationMs / 1000).toFixed(3);
  let picture = `color=c=0x${p.kind === 'tv' ? 'FFFFFF' : '000000'}:s=${v.width}x${v.height}:r=${frames ? 25 : v.fps}:d=${seconds}`;
  if (frames) picture += `,select='${frames.map((n) => `eq(n,${n})`).join('+')}'`;
  if (qr) {
    picture += `[bg];[bg][${inputs.length / 2}:v]overlay=x=${qr.x}:y=${qr.y}:eof_action=repeat`;
    inputs.push('-i', `file:${join(raw.dir, 'qr.png')}`);
  }
  chains.push(`${picture},ass=filename=segment.ass:fontsdir=fonts,format=yuv420p[v]`);
  const x264 = frames
    ? ['-vsync', 'vfr', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '20', '-g', '10', '-bf', '0']
    : ['-r', String(v.fps), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', String(v.fps * 2)];
  const aac = ['-c:a', 'aac', '-b:a', `${p.audio.bitrateKbps}k`, ...(p.audio.channels === 2 ? ['-aac_ms', '0', '-aac_is', '0'] : []), '-ar', String(sr), '-ac', String(p.audio.channels)];
  const out = join(raw.dir, 'raw.mp4');
  const colour = ['-colorspace', 'smpte170m', '-color_primaries', 'smpte170m', '-color_trc', 'smpte170m'];
  return {
    args: [...common, ...inputs, '-filter_complex', chains.join(';'), '-map', '[v]', '-map', '[a]', ...x264, '-profile:v', 'high', '-pix_fmt', 'yuv420p', ...colour, ...aac, '-t', seconds, '-movflags', '+faststart', `file:${out}`],
    out,
  };
}

async function loudnessOf(runner: FfmpegRunner, file: string): Promise<{ lufs: number; truePeakDb: number; durationS: number }> {
  const summary = parseEbur128Summary((await runner.run(ebur128Args(file))).stderr);
  const probe = await runner.probe(file);
  return { lufs: summary.integratedLufs, truePeakDb: summary.truePeakDb, durationS: round(probe.durationMs / 1000, 2) };
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(os.tmpdir(), 'bench-render-'));
  const runner = createFfmpegRunner();
  const store = new ContentStore(join(root, 'store'));
  const loadStart = os.loadavg().map((n) => round(n, 2));
  const result: Record<string, unknown> = {};
  const engines: TimedTts[] = [];
  const newTts = (): TimedTts => {
    const t = new TimedTts(new EspeakEngine());
    engines.push(t);
    return t;
  };
  try {
    const profiles: Record<string, unknown> = {};
    let audioSeconds = 0;
    for (const id of PROFILES) {
      // Cold: fresh TTS workers, no chime yet.
      progress(`${id}: cold render`);
      const coldTts = newTts();
      const cold = await renderOnce(runner, coldTts, id, renderersFor(runner, coldTts, store, join(root, `tmp-cold-${id}`)));
      await coldTts.close();

      progress(`${id}: warm renders`);
      const tts = newTts();
      const renderers = renderersFor(runner, tts, store, join(root, `tmp-${id}`));
      await renderOnce(runner, tts, id, renderers); // warm-up: workers started, chime cached, fonts in the page cache
      const warm: RenderRun[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push(await renderOnce(runner, tts, id, renderers));
      const deterministic = warm.every((r) => r.sha256 === cold.sha256);

      progress(`${id}: hand-written single command`);
      const raw = await prepareRaw(runner, tts, root, id);
      const { args, out } = rawCommand(raw, id);
      const rawMs: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        const started = performance.now();
        await runner.run(args, { cwd: raw.dir, env: { FONTCONFIG_FILE: join(raw.dir, 'fonts.conf') } });
        rawMs.push(performance.now() - started);
      }
      await tts.close();

      const wallMs = median(warm.map((r) => r.wallMs));
      const ttsMs = median(warm.map((r) => r.ttsMs));
      const raw50 = median(rawMs);
      const durationMs = cold.durationMs;
      audioSeconds = durationMs / 1000;
      const pipelineOut = store.pathFor(cold.sha256, cold.ext);
      profiles[id] = {
        audioSeconds: round(durationMs / 1000, 2),
        cold: { wallMs: Math.round(cold.wallMs), realtime: round(durationMs / cold.wallMs) },
        warm: {
          wallMs: Math.round(wallMs),
          realtime: round(durationMs / wallMs),
          runsMs: warm.map((r) => Math.round(r.wallMs)),
          ttsMs: Math.round(ttsMs),
          ffmpegProcesses: warm[0].processes,
        },
        raw: { wallMs: Math.round(raw50), runsMs: rawMs.map(Math.round), ffmpegProcesses: 1 },
        ratioToRaw: round((wallMs - ttsMs) / raw50, 2),
        ratioToRawWithTts: round(wallMs / (ttsMs + raw50), 2),
        deterministic,
        output: { pipeline: await loudnessOf(runner, pipelineOut), raw: await loudnessOf(runner, out) },
      };
    }
    const figure = (id: string, path: string[]): number => path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], profiles[id]) as number;
    Object.assign(result, {
      notice: { title: TITLE, chars: Array.from(TITLE + BODY).length, voice: VOICE, audioSeconds: round(audioSeconds, 2) },
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version, loadavgAtStart: loadStart, loadavgAtEnd: os.loadavg().map((n) => round(n, 2)) },
      targets: TARGETS,
      profiles,
      met: {
        speakerRealtime: figure('speaker', ['warm', 'realtime']) >= TARGETS.speakerRealtime,
        hallTvRealtime: figure('hall-tv-1080p', ['warm', 'realtime']) >= TARGETS.hallTvRealtime,
        ratioToRaw: Object.fromEntries(PROFILES.map((id) => [id, figure(id, ['ratioToRaw']) <= TARGETS.maxRatioToRaw])),
      },
    });
  } finally {
    await Promise.all(engines.map((e) => e.close()));
    await rm(root, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench:render] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
