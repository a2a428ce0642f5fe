import { randomUUID } from 'crypto';
import { readFile, writeFile } from 'fs/promises';
import type { Agent } from 'http';
import { join } from 'path';
import { setTimeout as delay } from 'timers/promises';
import WebSocket from 'ws';
import { FfmpegRunner } from '../../ffmpeg/ffmpeg-runner';
import { MediaError } from '../../media-error';
import { decodeToWavArgs } from '../recording/decode-args';
import { SynthesisRequest, SynthesizedSentence, TtsEngine, VoiceInfo } from '../tts-engine';
import { wavDurationMs } from '../wav-duration';
import {
  buildSsml,
  configMessage,
  EDGE_SAMPLE_RATE,
  edgeEndpointUrl,
  edgeHandshakeHeaders,
  parseBinaryFrame,
  parseTextFrame,
  rateToEdgeProsody,
  ssmlMessage,
} from './edge-protocol';

type EdgeVoice = VoiceInfo & { shortName: string };

function edgeVoice(shortName: string, name: string, dialect?: string): EdgeVoice {
  return { id: `edge:${shortName}`, engine: 'edge', language: 'zh-CN', ...(dialect ? { dialect } : {}), name, offline: false, shortName };
}

const EDGE_VOICES: readonly EdgeVoice[] = [
  edgeVoice('zh-CN-XiaoxiaoNeural', '普通话女声·晓晓（在线）'),
  edgeVoice('zh-CN-YunjianNeural', '普通话男声·云健（在线）'),
  edgeVoice('zh-CN-YunxiNeural', '普通话男声·云希（在线）'),
  edgeVoice('zh-CN-sichuan-YunxiNeural', '四川话男声·云希（在线）', '四川话'),
  edgeVoice('zh-CN-liaoning-XiaobeiNeural', '东北话女声·晓北（在线）', '东北话'),
];

export interface EdgeEngineOptions {
  /** Decodes the service's MP3 into the WAV working format. */
  runner: FfmpegRunner;
  /** URL of each new connection (a fresh token every time); tests point it at a local fake of the service. */
  endpoint?: () => string;
  /** e.g. an HTTPS proxy agent, for intranets that reach the internet only through a proxy. */
  agent?: Agent;
  /** Limit for one attempt at one sentence: connect, send, receive all its audio. */
  timeoutMs?: number;
  /** Attempts per sentence before the service counts as unavailable. */
  attempts?: number;
  /** Pause before the n-th retry is n × this. */
  retryDelayMs?: number;
  /** Sentences synthesised at the same time (one connection each). */
  concurrency?: number;
  /** How long a probe's answer (or the outcome of a synthesis) stands for the voice catalogue. */
  probeTtlMs?: number;
  now?: () => number;
}

/** Why one attempt failed: a short Chinese reason for operators, the technical detail for logs. */
class AttemptFailure extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(reason);
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Maps with at most `limit` calls running; stops starting new ones after a failure and waits for running ones. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/**
 * Microsoft Edge's online neural voices (incl. dialect voices). Speaks the service's websocket protocol itself
 * (node-edge-tts hard-codes its endpoint and has no retries); one connection per sentence, MP3 decoded to WAV.
 */
export class EdgeEngine implements TtsEngine {
  readonly id = 'edge';
  /** The neural voices read numbers, dates and amounts correctly by themselves. */
  readonly needsNormalisation = false;
  private readonly runner: FfmpegRunner;
  private readonly endpoint: () => string;
  private readonly agent?: Agent;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly concurrency: number;
  private readonly probeTtlMs: number;
  private readonly now: () => number;
  private availability?: { at: number; available: Promise<boolean> };

  constructor(opts: EdgeEngineOptions) {
    this.runner = opts.runner;
    this.endpoint = opts.endpoint ?? edgeEndpointUrl;
    this.agent = opts.agent;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.attempts = Math.max(1, opts.attempts ?? 3);
    this.retryDelayMs = opts.retryDelayMs ?? 1_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 3);
    this.probeTtlMs = opts.probeTtlMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  voices(): VoiceInfo[] {
    return EDGE_VOICES.map(({ shortName: _, ...info }) => info);
  }

  async synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]> {
    const voice = EDGE_VOICES.find((v) => v.id === req.voiceId);
    if (!voice) throw new MediaError('TTS_UNKNOWN_VOICE', `在线语音合成不支持该音色：${req.voiceId}`);
    const rate = rateToEdgeProsody(req.rate);
    try {
      const spoken = await mapLimited(req.sentences, this.concurrency, (text, i) =>
        this.speak(buildSsml({ voice: voice.shortName, lang: 'zh-CN', rate, text }), text, join(req.workDir, `edge-${String(i).padStart(4, '0')}`)),
      );
      if (spoken.length > 0) this.remember(true);
      return spoken;
    } catch (err) {
      if (err instanceof MediaError && err.code === 'TTS_UNAVAILABLE') this.remember(false);
      throw err;
    }
  }

  /** Whether the service accepts a connection now; answered from cache within the TTL (also fed by syntheses). */
  probe(): Promise<boolean> {
    const at = this.now();
    if (this.availability && at - this.availability.at < this.probeTtlMs) return this.availability.available;
    const available = this.connectOnce().then(
      () => true,
      () => false,
    );
    this.availability = { at, available };
    return available;
  }

  private remember(available: boolean): void {
    this.availability = { at: this.now(), available: Promise.resolve(available) };
  }

  private async speak(ssml: string, text: string, base: string): Promise<SynthesizedSentence> {
    const mp3 = `${base}.mp3`;
    const wav = `${base}.wav`;
    await writeFile(mp3, await this.fetchAudio(ssml));
    await this.runner.run(decodeToWavArgs(mp3, wav, EDGE_SAMPLE_RATE));
    return { text, file: wav, durationMs: wavDurationMs(await readFile(wav)) };
  }

  private async fetchAudio(ssml: string): Promise<Buffer> {
    let last: AttemptFailure | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await delay(this.retryDelayMs * (attempt - 1));
      try {
        return await this.fetchOnce(ssml);
      } catch (err) {
        if (!(err instanceof AttemptFailure)) throw err;
        last = err;
      }
    }
    throw new MediaError(
      'TTS_UNAVAILABLE',
      `在线语音服务暂时无法使用（${last?.reason}，已尝试 ${this.attempts} 次），请稍后重试或改用离线语音`,
      true,
      last?.detail,
    );
  }

  /** One connection, one turn: config, SSML, then audio frames until `turn.end`. */
  private fetchOnce(ssml: string): Promise<Buffer> {
    return this.withSocket<Buffer>((ws, ok, fail) => {
      const requestId = randomUUID().replace(/-/g, '');
      const ours = (headers: Record<string, string>): boolean => !headers['X-RequestId'] || headers['X-RequestId'] === requestId;
      const chunks: Buffer[] = [];
      ws.on('open', () => {
        const timestamp = new Date(this.now()).toUTCString();
        ws.send(configMessage(timestamp));
        ws.send(ssmlMessage(requestId, timestamp, ssml));
      });
      ws.on('message', (data, isBinary) => {
        const bytes = toBuffer(data);
        if (isBinary) {
          const frame = parseBinaryFrame(bytes);
          if (!frame) fail(new AttemptFailure('收到损坏的数据', 'binary frame with a bad header length'));
          else if (frame.headers.Path === 'audio' && ours(frame.headers)) chunks.push(frame.body);
          return;
        }
        const frame = parseTextFrame(bytes.toString('utf8'));
        if (frame.headers.Path !== 'turn.end' || !ours(frame.headers)) return;
        const audio = Buffer.concat(chunks);
        if (audio.length === 0) fail(new AttemptFailure('未返回音频', 'turn.end without audio'));
        else ok(audio);
      });
    });
  }

  private connectOnce(): Promise<void> {
    return this.withSocket<void>((ws, ok) => ws.on('open', () => ok()));
  }

  /** Opens a socket, lets `use` drive it, and turns every way a connection can fail into an AttemptFailure. */
  private withSocket<T>(use: (ws: WebSocket, ok: (value: T) => void, fail: (failure: AttemptFailure) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const ws = new WebSocket(this.endpoint(), {
        headers: edgeHandshakeHeaders(),
        agent: this.agent,
        handshakeTimeout: this.timeoutMs,
        perMessageDeflate: false,
      });
      let settled = false;
      const settle = (then: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.on('error', () => undefined); // terminating a socket that is still connecting reports one more error
        ws.terminate();
        then();
      };
      const fail = (failure: AttemptFailure): void => settle(() => reject(failure));
      const timer = setTimeout(() => fail(new AttemptFailure('响应超时', `no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      ws.on('unexpected-response', (_req, res) => fail(new AttemptFailure('服务拒绝连接', `HTTP ${res.statusCode ?? '?'}`)));
      ws.on('error', (err) => fail(new AttemptFailure('无法连接', err.message)));
      ws.on('close', (code) => fail(new AttemptFailure('连接中断', `closed (${code}) before the turn ended`)));
      use(ws, (value) => settle(() => resolve(value)), fail);
    });
  }
}
