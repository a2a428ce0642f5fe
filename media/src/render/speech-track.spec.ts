import { mkdtemp, readdir, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { SynthesisRequest, TtsEngine } from '../tts/tts-engine';
import { ScriptLine } from './speech-script';
import { MediaError } from '../media-error';
import { FallbackTts } from '../tts/catalogue/fallback-tts';
import { fakeEngines, OFFLINE, ONLINE } from '../tts/catalogue/testing/fake-engines';
import { VoiceCatalogue } from '../tts/catalogue/voice-catalogue';
import { planSpeechTimeline, synthesizeScript, ttsLookup, voicesUsed } from './speech-track';

const line = (display: string, voiceId: string, pauseBeforeMs: number): ScriptLine => ({
  role: 'body',
  paragraph: 0,
  display,
  spoken: `spoken ${display}`,
  voiceId,
  pauseBeforeMs,
});

/** An engine that answers at once, naming files after the sentences, and records each request. */
function fakeEngine(id: string, requests: SynthesisRequest[], opts: { failWith?: Error; delayMs?: number } = {}): TtsEngine {
  return {
    id,
    voices: () => [],
    synthesize: async (req) => {
      requests.push(req);
      if (opts.delayMs) await new Promise((resolve) => setTimeout(resolve, opts.delayMs));
      if (opts.failWith) throw opts.failWith;
      return req.sentences.map((text, i) => ({ text, file: join(req.workDir, `${i}.wav`), durationMs: 100 * (i + 1) }));
    },
  };
}

describe('planSpeechTimeline', () => {
  it('should put each line after its pause and time it from the exact lengths, showing its display text', () => {
    const plan = planSpeechTimeline({ file: '/w/chime.wav', durationMs: 1200 }, [line('一', 'v', 500), line('二', 'v', 350.5)], [
      { text: 'spoken 一', file: '/w/a.wav', durationMs: 1000.4 },
      { text: 'spoken 二', file: '/w/b.wav', durationMs: 800 },
    ]);
    expect(plan.parts).toEqual([
      { kind: 'file', path: '/w/chime.wav' },
      { kind: 'silence', durationMs: 500 },
      { kind: 'file', path: '/w/a.wav' },
      { kind: 'silence', durationMs: 350.5 },
      { kind: 'file', path: '/w/b.wav' },
    ]);
    expect(plan.sentences).toEqual([
      { text: '一', startMs: 1700, endMs: 2700 },
      { text: '二', startMs: Math.round(1700 + 1000.4 + 350.5), endMs: Math.round(1700 + 1000.4 + 350.5 + 800) },
    ]);
    expect(plan.durationMs).toBe(Math.round(1700 + 1000.4 + 350.5 + 800));
  });

  it('should refuse when the spoken sentences do not match the lines', () => {
    expect(() => planSpeechTimeline({ file: 'c', durationMs: 1 }, [line('一', 'v', 0)], [])).toThrow(RangeError);
  });
});

describe('synthesizeScript', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'speech-track-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('should send each voice its own request in its own folder and return the sentences in script order', async () => {
    const qRequests: SynthesisRequest[] = [];
    const aRequests: SynthesisRequest[] = [];
    const engines: Record<string, TtsEngine> = { q: fakeEngine('q', qRequests, { delayMs: 20 }), a: fakeEngine('a', aRequests) };
    const lines = [line('问1', 'q', 0), line('答1', 'a', 0), line('答2', 'a', 0), line('问2', 'q', 0)];
    const out = await synthesizeScript(lines, 0.9, dir, (voiceId) => engines[voiceId]);
    expect(qRequests.map((r) => [r.voiceId, r.sentences, r.rate, r.workDir])).toEqual([['q', ['spoken 问1', 'spoken 问2'], 0.9, join(dir, 'voice-0')]]);
    expect(aRequests.map((r) => [r.voiceId, r.sentences, r.workDir])).toEqual([['a', ['spoken 答1', 'spoken 答2'], join(dir, 'voice-1')]]);
    expect(out.map((s) => [s.text, s.file])).toEqual([
      ['spoken 问1', join(dir, 'voice-0', '0.wav')],
      ['spoken 答1', join(dir, 'voice-1', '0.wav')],
      ['spoken 答2', join(dir, 'voice-1', '1.wav')],
      ['spoken 问2', join(dir, 'voice-0', '1.wav')],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['voice-0', 'voice-1']);
  });

  it('should reject with the failing voice only after the other voice has finished', async () => {
    let slowDone = false;
    const engines: Record<string, TtsEngine> = {
      q: fakeEngine('q', [], { failWith: new Error('offline') }),
      a: {
        id: 'a',
        voices: () => [],
        synthesize: async (req) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          slowDone = true;
          return [{ text: req.sentences[0], file: 'x', durationMs: 1 }];
        },
      },
    };
    await expect(synthesizeScript([line('问', 'q', 0), line('答', 'a', 0)], 1, dir, (v) => engines[v])).rejects.toThrow('offline');
    expect(slowDone).toBe(true);
  });
});

describe('synthesizeScript with fallback', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'speech-fallback-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function unreachableOnline(): { tts: FallbackTts; offline: ReturnType<typeof fakeEngines>['offline'] } {
    const { offline, online } = fakeEngines();
    online.failWith = new MediaError('TTS_UNAVAILABLE', '在线语音服务暂时无法使用', true);
    return { tts: new FallbackTts(new VoiceCatalogue([offline, online]), OFFLINE.id), offline };
  }

  it('should let the offline voice read and report the fallback when the content allows it', async () => {
    const { tts, offline } = unreachableOnline();
    const lines = [line('一', ONLINE.id, 0), line('二', ONLINE.id, 0)];
    const spoken = await synthesizeScript(lines, 0.8, dir, () => tts, { allowFallback: true });
    expect(offline.requests.map((r) => [r.voiceId, r.rate])).toEqual([[OFFLINE.id, 0.8]]);
    expect(voicesUsed(lines, spoken)).toEqual({ voiceUsed: OFFLINE.id, fallback: true });
  });

  it('should fail with TTS_UNAVAILABLE and ask no offline voice when the content does not allow fallback', async () => {
    const { tts, offline } = unreachableOnline();
    await expect(synthesizeScript([line('一', ONLINE.id, 0)], 1, dir, () => tts)).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', retryable: true });
    expect(offline.requests).toEqual([]);
  });
});

describe('voicesUsed', () => {
  it('should name the requested voices and no fallback when every sentence was spoken by its own voice', () => {
    const lines = [line('问', 'q', 0), line('答', 'a', 0), line('问', 'q', 0)];
    const spoken = lines.map((l) => ({ text: l.spoken, file: 'f', durationMs: 1 }));
    expect(voicesUsed(lines, spoken)).toEqual({ voiceUsed: 'q+a', fallback: false });
  });

  it('should report a fallback when one voice was spoken by another', () => {
    const lines = [line('问', 'espeak:cmn', 0), line('答', 'edge:x', 0)];
    const spoken = [
      { text: '问', file: 'f', durationMs: 1, voiceId: 'espeak:cmn' },
      { text: '答', file: 'g', durationMs: 1, voiceId: 'espeak:cmn' },
    ];
    expect(voicesUsed(lines, spoken)).toEqual({ voiceUsed: 'espeak:cmn', fallback: true });
  });
});

describe('ttsLookup', () => {
  it('should use the one engine for every voice or ask per voice', () => {
    const one = fakeEngine('one', []);
    const two = fakeEngine('two', []);
    expect(ttsLookup({ tts: one })('anything')).toBe(one);
    expect(ttsLookup({ ttsFor: (v) => (v === 'b' ? two : one) })('b')).toBe(two);
  });
});
