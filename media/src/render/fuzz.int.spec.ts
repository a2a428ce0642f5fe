/**
 * Property/fuzz test of the text → speech → speaker-file path with real espeak-ng and ffmpeg.
 *
 * 1,000 reproducible random strings (seeded PRNG): CJK, digits/dates/money/phone numbers for the normaliser,
 * emoji (ZWJ sequences, flags, skin tones), control and invisible characters, lone surrogates, shell/ffmpeg/ASS
 * metacharacters ('"\:;,[]{}%$`|&<>, {\an8}, %{localtime}, \N), newlines, empty and whitespace-only strings,
 * and five 5,000-character bodies. The split in the default run (CI), kept to
 * about a minute on a 2-core machine (`npm run fuzz` takes all 1,000 through every stage):
 * - all 1,000 through sanitise → normalise → split (the script builder): pure, checked exhaustively;
 * - the first 200 through espeak-ng synthesis (two of them 5,000-character bodies);
 * - the first 50 through the full speaker render (one 5,000-character body among them).
 * Every job runs under its own timeout (a hang fails the test) and must end in a valid result or a MediaError.
 */
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { hostileText, mulberry32, pick, RENDER_MIX, WHITESPACE } from '../../../bench/support/seeded-random';
import { createFfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { MediaError } from '../media-error';
import { ContentStore } from '../store/content-store';
import { EspeakEngine } from '../tts/espeak/espeak-engine';
import { SpeakerRenderer, SpeakerRenderInput } from './speaker-renderer';
import { speechScript } from './speech-script';

const SEED = 0x5eed2026;
const COUNT = 1000;
/** `npm run fuzz` (SUNSHINE_FUZZ_FULL=1) takes all 1,000 through synthesis and render (~25 min on 2 cores). */
const FULL = process.env.SUNSHINE_FUZZ_FULL === '1';
const TTS_COUNT = FULL ? COUNT : 200;
const RENDER_COUNT = FULL ? COUNT : 50;
const LONG_LENGTH = 5000;
/** Generous: a hang detector, not a speed target (speed is bench:render's job), on a loaded 2-core machine. */
const JOB_TIMEOUT_MS = 90_000;
/** The splitter's longest piece, in code points, plus the longest label (问：/答：/解读人：). */
const MAX_SENTENCE = 60 + 4;

const randomText = (rand: () => number, minLength: number, maxTokens: number): string => hostileText(rand, RENDER_MIX, minLength, maxTokens);

interface Case {
  title: string;
  body: string;
}

/** Reproducible cases; every 200th (from index 7) has a 5,000-character body. */
function cases(): Case[] {
  const rand = mulberry32(SEED);
  return Array.from({ length: COUNT }, (_, i) => {
    if (i % 200 === 7) return { title: randomText(rand, 0, 3), body: randomText(rand, LONG_LENGTH, 1) };
    if (i % 25 === 3) return { title: pick(rand, WHITESPACE), body: pick(rand, WHITESPACE) };
    return { title: rand() < 0.3 ? '' : randomText(rand, 0, 4), body: randomText(rand, 0, 20) };
  });
}

/** Runs a job under its own timeout: a hang fails with the job's name instead of stalling the suite. */
function withTimeout<T>(name: string, job: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${JOB_TIMEOUT_MS} ms`)), JOB_TIMEOUT_MS);
  });
  return Promise.race([job, timeout]).finally(() => clearTimeout(timer));
}

/** A clear error: a MediaError with a stable code and a Chinese message. */
function expectClearError(err: unknown): string {
  if (!(err instanceof MediaError)) throw err;
  expect(err.message).toMatch(/[\u4e00-\u9fff]/);
  return err.code;
}

const ALL = cases();
const PROFILE = { sampleRate: 44100, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 };

describe('fuzz: random text through the speaker path (real espeak-ng + ffmpeg)', () => {
  jest.setTimeout(FULL ? 4 * 3600_000 : 600_000);
  const tts = new EspeakEngine();
  const runner = createFfmpegRunner();
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fuzz-'));
  });

  afterAll(async () => {
    await tts.close();
    await rm(root, { recursive: true, force: true });
  });

  it('should generate the same 1,000 cases, five of them 5,000-character bodies, from the seed', () => {
    expect(cases()).toEqual(ALL);
    expect(ALL.filter((c) => c.body.length === LONG_LENGTH)).toHaveLength(5);
    const silent = ALL.filter((c) => speechScript({ kind: 'notice', ...c, voiceId: 'espeak:cmn', rate: 1 }).length === 0);
    expect(silent.length).toBeGreaterThanOrEqual(40); // the empty and whitespace-only cases at least
  });

  it('should sanitise, normalise and split all 1,000 into clean, bounded, deterministic sentences', () => {
    for (const c of ALL) {
      const lines = speechScript({ kind: 'notice', ...c, voiceId: 'espeak:cmn', rate: 1 });
      expect(speechScript({ kind: 'notice', ...c, voiceId: 'espeak:cmn', rate: 1 })).toEqual(lines);
      for (const line of lines) {
        for (const text of [line.display, line.spoken]) {
          expect(text.trim()).toBe(text);
          expect(text).toMatch(/[\p{L}\p{N}]/u);
          expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\n]/);
          expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        }
        expect(Array.from(line.display).length).toBeLessThanOrEqual(MAX_SENTENCE);
      }
    }
  });

  it(`should synthesise the first ${TTS_COUNT} into one non-empty WAV per sentence or fail with a MediaError`, async () => {
    const codes = new Map<string, number>();
    let spokenCases = 0;
    for (const [i, c] of ALL.slice(0, TTS_COUNT).entries()) {
      const sentences = speechScript({ kind: 'notice', ...c, voiceId: 'espeak:cmn', rate: 1 }).map((l) => l.spoken);
      if (sentences.length === 0) continue;
      const workDir = await mkdtemp(join(root, `tts-${i}-`));
      try {
        const spoken = await withTimeout(`synthesis of case ${i}`, tts.synthesize({ sentences, voiceId: 'espeak:cmn', rate: 1, workDir }));
        expect(spoken.map((s) => s.text)).toEqual(sentences);
        for (const s of spoken) expect(s.durationMs).toBeGreaterThan(0);
        spokenCases++;
      } catch (err) {
        const code = expectClearError(err);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }
    expect(spokenCases).toBeGreaterThan(TTS_COUNT / 2);
    expect([...codes.keys()].every((code) => code === 'TTS_FAILED')).toBe(true);
  });

  it(`should render the first ${RENDER_COUNT} to a valid MP3 or refuse with a MediaError such as TEXT_EMPTY`, async () => {
    const store = new ContentStore(join(root, 'store'));
    const renderer = new SpeakerRenderer({ runner, tts, store, tmpDir: join(root, 'tmp') });
    const outcomes = { rendered: 0, refused: new Map<string, number>() };
    for (const [i, c] of ALL.slice(0, RENDER_COUNT).entries()) {
      const input: SpeakerRenderInput = { kind: 'notice', ...c, voiceId: 'espeak:cmn', rate: 1, profile: PROFILE };
      try {
        const audio = await withTimeout(`render of case ${i}`, renderer.render(input));
        const probe = await runner.probe(store.pathFor(audio.sha256, 'mp3'));
        expect(probe.streams[0]).toMatchObject({ codecName: 'mp3', sampleRate: 44100, channels: 1 });
        expect(probe.durationMs).toBeGreaterThan(0);
        expect(Math.abs(probe.durationMs - audio.durationMs)).toBeLessThanOrEqual(300);
        outcomes.rendered++;
      } catch (err) {
        const code = expectClearError(err);
        outcomes.refused.set(code, (outcomes.refused.get(code) ?? 0) + 1);
        // Nothing to say is the expected refusal; it must be exactly the texts the script finds empty.
        if (code === 'TEXT_EMPTY') expect(speechScript({ kind: 'notice', ...c, voiceId: 'espeak:cmn', rate: 1 })).toEqual([]);
      }
    }
    expect(outcomes.rendered).toBeGreaterThan(RENDER_COUNT / 2);
    expect(outcomes.refused.get('TEXT_EMPTY')).toBeGreaterThan(0);
    expect([...outcomes.refused.keys()].every((code) => code === 'TEXT_EMPTY' || code === 'TTS_FAILED')).toBe(true);
  });
});
