import { mkdir, mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { wavDurationMs } from '../wav-duration';
import { balancedRunStarts, EspeakEngine, rateToWpm } from './espeak-engine';

describe('rateToWpm', () => {
  it('should map 1.0 to 165 wpm and scale linearly when the rate changes', () => {
    expect(rateToWpm(1)).toBe(165);
    expect(rateToWpm(0.8)).toBe(132);
  });

  it('should clamp to the range espeak-ng accepts', () => {
    expect(rateToWpm(0.1)).toBe(80);
    expect(rateToWpm(10)).toBe(450);
  });

  it('should reject a rate that is not a positive number', () => {
    expect(() => rateToWpm(0)).toThrow(expect.objectContaining({ code: 'TTS_FAILED' }));
    expect(() => rateToWpm(Number.NaN)).toThrow(expect.objectContaining({ code: 'TTS_FAILED' }));
  });
});

describe('balancedRunStarts', () => {
  it('should cut contiguous runs of about equal weight when sharing work out', () => {
    expect(balancedRunStarts([1, 1, 1, 1], 2)).toEqual([0, 2]);
    expect(balancedRunStarts([1, 2, 3, 4, 5, 6], 2)).toEqual([0, 4]); // 10 | 11
    expect(balancedRunStarts([1, 2, 3, 4, 5, 6], 3)).toEqual([0, 3, 5]); // 6 | 9 | 6
    expect(balancedRunStarts([10, 1, 1], 2)).toEqual([0, 1]);
  });

  it('should never leave a run empty when a heavy item comes last or there are fewer items than runs', () => {
    expect(balancedRunStarts([1, 1, 10], 2)).toEqual([0, 2]);
    expect(balancedRunStarts([5], 3)).toEqual([0]);
    expect(balancedRunStarts([3, 3, 3], 3)).toEqual([0, 1, 2]);
  });
});

describe('EspeakEngine (real espeak-ng worker)', () => {
  jest.setTimeout(20_000);
  const engine = new EspeakEngine();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'espeak-spec-'));
  });

  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('should list Mandarin and Cantonese offline voices', () => {
    expect(engine.voices().map((v) => [v.id, v.offline])).toEqual([
      ['espeak:cmn', true],
      ['espeak:yue', true],
    ]);
  });

  it('should write one 22.05 kHz WAV per sentence with its exact duration when synthesising', async () => {
    const out = await engine.synthesize({ sentences: ['今天下午三点开会。', '-5度'], voiceId: 'espeak:cmn', rate: 1, workDir: dir });
    expect(out.map((s) => s.text)).toEqual(['今天下午三点开会。', '-5度']);
    for (const s of out) {
      const wav = await readFile(s.file);
      expect(wav.readUInt32LE(24)).toBe(22050);
      expect(s.durationMs).toBe(wavDurationMs(wav));
      expect(s.durationMs).toBeGreaterThan(300); // a leading '-' is read as text, not taken as an option
    }
  });

  it('should speak more slowly when the rate is lower', async () => {
    const [normal] = await engine.synthesize({ sentences: ['请各位村民准时参加会议。'], voiceId: 'espeak:cmn', rate: 1, workDir: dir });
    const [slow] = await engine.synthesize({ sentences: ['请各位村民准时参加会议。'], voiceId: 'espeak:cmn', rate: 0.7, workDir: dir });
    expect(slow.durationMs).toBeGreaterThan(normal.durationMs * 1.2);
  });

  it('should synthesise Cantonese when the yue voice is chosen', async () => {
    const [s] = await engine.synthesize({ sentences: ['你好'], voiceId: 'espeak:yue', rate: 1, workDir: dir });
    expect(s.durationMs).toBeGreaterThan(200);
  });

  it('should reject TTS_UNKNOWN_VOICE when the voice is not an espeak voice', async () => {
    await expect(engine.synthesize({ sentences: ['好'], voiceId: 'edge:zh-CN-Xiaoxiao', rate: 1, workDir: dir })).rejects.toMatchObject({
      code: 'TTS_UNKNOWN_VOICE',
    });
  });

  it('should start a new worker when the previous ones were killed', async () => {
    await engine.synthesize({ sentences: ['一'], voiceId: 'espeak:cmn', rate: 1, workDir: dir });
    const killed = engine.workerPids;
    expect(killed.length).toBeGreaterThan(0);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    const [s] = await engine.synthesize({ sentences: ['二'], voiceId: 'espeak:cmn', rate: 1, workDir: dir });
    expect(s.durationMs).toBeGreaterThan(0);
    expect(engine.workerPids).toHaveLength(1);
    expect(killed).not.toContain(engine.workerPids[0]);
  });

  it('should share sentences among two workers and write the same audio as one worker when synthesising a notice', async () => {
    const sentences = ['各村民小组请注意。', '明天上午九点停水。', '请提前储水。', '咨询电话零八三四。'];
    const single = new EspeakEngine({ workers: 1 });
    const pair = new EspeakEngine({ workers: 2 });
    try {
      const [one, two] = await Promise.all(
        [single, pair].map(async (e, i) => {
          const sub = join(dir, `pool-${i}`);
          await mkdir(sub);
          return e.synthesize({ sentences, voiceId: 'espeak:cmn', rate: 1, workDir: sub });
        }),
      );
      expect(pair.workerPids).toHaveLength(2);
      expect(single.workerPids).toHaveLength(1);
      expect(two.map((s) => s.text)).toEqual(sentences);
      for (const [i, s] of two.entries()) {
        expect((await readFile(s.file)).equals(await readFile(one[i].file))).toBe(true);
        expect(s.durationMs).toBe(one[i].durationMs);
      }
    } finally {
      await Promise.all([single.close(), pair.close()]);
    }
  });
});

describe('EspeakEngine (stand-in workers)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'espeak-fake-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function engineWith(script: string, requestTimeoutMs = 5000, opts: { idleMs?: number; keepWarm?: number } = {}): Promise<EspeakEngine> {
    const workerPath = join(dir, `worker-${Math.random().toString(36).slice(2)}.mjs`);
    await writeFile(workerPath, `import { createInterface } from 'node:readline';\n${script}\n`);
    return new EspeakEngine({ workerPath, requestTimeoutMs, ...opts });
  }

  const ANSWERS_OK = "createInterface({ input: process.stdin }).on('line', (l) => process.stdout.write(JSON.stringify({ id: JSON.parse(l).id, ok: true }) + '\\n'));";

  const request = { sentences: ['好'], voiceId: 'espeak:cmn', rate: 1, workDir: '/nonexistent' };

  it('should kill the worker and reject TTS_TIMEOUT when it does not answer in time', async () => {
    const engine = await engineWith("createInterface({ input: process.stdin }).on('line', () => {});", 150);
    await expect(engine.synthesize(request)).rejects.toMatchObject({ code: 'TTS_TIMEOUT', retryable: true });
    expect(engine.workerPids).toEqual([]);
    await engine.close();
  });

  it('should reject TTS_FAILED, not retryable, when the worker reports an error', async () => {
    const engine = await engineWith(
      "createInterface({ input: process.stdin }).on('line', (l) => process.stdout.write(JSON.stringify({ id: JSON.parse(l).id, ok: false, error: 'boom' }) + '\\n'));",
    );
    await expect(engine.synthesize(request)).rejects.toMatchObject({ code: 'TTS_FAILED', retryable: false, message: '语音合成失败：boom' });
    await engine.close();
  });

  it('should restart the worker once and then reject a retryable TTS_FAILED when it keeps crashing', async () => {
    const starts = join(dir, 'starts.log');
    const engine = await engineWith(
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(starts)}, 'x');\n` +
        "createInterface({ input: process.stdin }).on('line', () => process.exit(7));",
    );
    await expect(engine.synthesize(request)).rejects.toMatchObject({ code: 'TTS_FAILED', retryable: true });
    expect(await readFile(starts, 'utf8')).toBe('xx');
    await engine.close();
  });

  it('should stop an idle worker, keep the warm one, and start a stopped one again on the next request', async () => {
    // The stand-in answers without writing audio (reading the absent files then fails) and counts its starts.
    const starts = join(dir, 'idle-starts.log');
    const counting = `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(starts)}, 'x');\n${ANSWERS_OK}`;
    const idle = await engineWith(counting, 5000, { idleMs: 50 });
    const warm = await engineWith(ANSWERS_OK, 5000, { idleMs: 50, keepWarm: 1 });
    await Promise.all([idle.synthesize(request).catch(() => undefined), warm.synthesize(request).catch(() => undefined)]);
    const warmPids = warm.workerPids;
    expect(warmPids).toHaveLength(1);
    for (let i = 0; i < 400 && idle.workerPids.length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(idle.workerPids).toEqual([]);
    expect(warm.workerPids).toEqual(warmPids);
    await idle.synthesize(request).catch(() => undefined);
    expect(await readFile(starts, 'utf8')).toBe('xx');
    await Promise.all([idle.close(), warm.close()]);
  });
});
