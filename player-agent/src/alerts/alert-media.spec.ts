import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { HttpGet, HttpResponse } from '../http-get';
import { FakeClock, flushAsync } from '../testing/fake-clock';
import { media } from '../testing/fixtures';
import { memoryLogger } from '../testing/memory-logger';
import { AlertMediaFetcher, TONE_RETRY_BASE_MS, TONE_RETRY_MAX_MS } from './alert-media';

const speech = media('青石镇山洪预警'.repeat(50), 10_000);

function ok(body: Buffer): HttpResponse {
  return { status: 200, headers: {}, body: Readable.from([body]) };
}

describe('AlertMediaFetcher', () => {
  let dir: string;
  let clock: FakeClock;
  let requests: string[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-media-'));
    clock = new FakeClock();
    requests = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function fetcher(http: HttpGet, cached: (sha: string) => string | null = () => null): AlertMediaFetcher {
    const logged: HttpGet = (url, headers) => {
      requests.push(url);
      return http(url, headers);
    };
    return new AlertMediaFetcher({ dir, serverUrl: 'http://server:3000', clock, log: memoryLogger(clock).log, http: logged, cached: (ref) => cached(ref.sha256) });
  }

  it('should download, verify and keep the file, then answer from disk without a request when asked again', async () => {
    const f = fetcher(async () => ok(speech.bytes));
    const file = await f.fetch(speech.ref, clock.now() + 3_000);
    expect(file).toBe(path.join(dir, `${speech.ref.sha256}.mp3`));
    expect(fs.readFileSync(file!)).toEqual(speech.bytes);
    expect(requests).toEqual([`http://server:3000${speech.ref.url}`]);

    expect(await fetcher(async () => ok(Buffer.from('x'))).fetch(speech.ref, clock.now())).toBe(file);
    expect(requests).toHaveLength(1);
  });

  it('should use the playlist cache without a request when it already holds the file', async () => {
    const f = fetcher(async () => ok(speech.bytes), () => '/data/media/cached.mp3');
    expect(await f.fetch(speech.ref, clock.now() + 3_000)).toBe('/data/media/cached.mp3');
    expect(requests).toEqual([]);
  });

  it('should answer null at the deadline when the server is slow, and have the file once the download completes', async () => {
    let answer: (res: HttpResponse) => void = () => undefined;
    const f = fetcher(() => new Promise((resolve) => (answer = resolve)));
    let result: string | null | undefined;
    void f.fetch(speech.ref, clock.now() + 3_000).then((r) => (result = r));
    await clock.advance(2_999);
    expect(result).toBeUndefined();
    await clock.advance(1);
    expect(result).toBeNull();

    answer(ok(speech.bytes));
    await flushAsync();
    expect(await f.fetch(speech.ref, clock.now())).toBe(path.join(dir, `${speech.ref.sha256}.mp3`));
    expect(requests).toHaveLength(1);
  });

  it('should keep nothing and answer null when the file does not match its sha256', async () => {
    const f = fetcher(async () => ok(Buffer.from('tampered')));
    const result = f.fetch(speech.ref, clock.now() + 100);
    await clock.advance(100);
    expect(await result).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('should fetch the current alert tone of the server ahead of any alert when asked to prefetch', async () => {
    const tone = media('alert-tone', 3_000);
    const f = fetcher(async (url) => (url.endsWith('/api/alerts/tone') ? ok(Buffer.from(JSON.stringify({ tone: tone.ref }))) : ok(tone.bytes)));
    await f.prefetchTone();
    expect(requests).toEqual(['http://server:3000/api/alerts/tone', `http://server:3000${tone.ref.url}`]);
    expect(f.readyPath(tone.ref)).toBe(path.join(dir, `${tone.ref.sha256}.mp3`));
  });

  it('should wait its random delay on the clock before prefetching the tone when jitter is set', async () => {
    const tone = media('alert-tone', 3_000);
    const http: HttpGet = async (url) => {
      requests.push(url);
      return url.endsWith('/api/alerts/tone') ? ok(Buffer.from(JSON.stringify({ tone: tone.ref }))) : ok(tone.bytes);
    };
    const f = new AlertMediaFetcher({ dir, serverUrl: 'http://server:3000', clock, log: memoryLogger(clock).log, http, prefetchJitterMs: 10_000, random: () => 0.3 });
    const done = f.prefetchTone();
    await clock.advance(2_999);
    expect(requests).toEqual([]);
    await clock.advance(1);
    await done;
    expect(f.readyPath(tone.ref)).toBe(path.join(dir, `${tone.ref.sha256}.mp3`));
  });

  it('should log and carry on when the tone cannot be prefetched', async () => {
    const f = fetcher(async () => ({ status: 404, headers: {}, body: Readable.from([]) }));
    await expect(f.prefetchTone()).resolves.toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('should try a failed tone prefetch again later without waiting for a reconnection, backing off, and never after stop', async () => {
    const tone = media('alert-tone', 3_000);
    let failing = 2;
    const http: HttpGet = async (url) => {
      requests.push(url);
      if (failing > 0) return (failing--, { status: 503, headers: {}, body: Readable.from([]) });
      return url.endsWith('/api/alerts/tone') ? ok(Buffer.from(JSON.stringify({ tone: tone.ref }))) : ok(tone.bytes);
    };
    const f = new AlertMediaFetcher({ dir, serverUrl: 'http://server:3000', clock, log: memoryLogger(clock).log, http, random: () => 0.5 });
    await f.prefetchTone();
    expect(requests).toHaveLength(1);
    // First retry after TONE_RETRY_BASE_MS (×1.0 with random pinned at 0.5), the second after twice that.
    await clock.advance(TONE_RETRY_BASE_MS - 1);
    expect(requests).toHaveLength(1);
    await clock.advance(1);
    await flushAsync();
    expect(requests).toHaveLength(2);
    await clock.advance(2 * TONE_RETRY_BASE_MS - 1);
    expect(f.readyPath(tone.ref)).toBeNull();
    await clock.advance(1);
    await flushAsync();
    expect(f.readyPath(tone.ref)).toBe(path.join(dir, `${tone.ref.sha256}.mp3`));
    const made = requests.length;
    await clock.advance(TONE_RETRY_MAX_MS * 2);
    expect(requests).toHaveLength(made);

    const stopped = new AlertMediaFetcher({ dir: path.join(dir, 'other'), serverUrl: 'http://server:3000', clock, log: memoryLogger(clock).log, http: async (url) => (requests.push(url), { status: 503, headers: {}, body: Readable.from([]) }), random: () => 0.5 });
    await stopped.prefetchTone();
    const before = requests.length;
    stopped.stop();
    await clock.advance(TONE_RETRY_MAX_MS * 2);
    expect(requests).toHaveLength(before);
  });

  it('should retry a failed request while the deadline allows', async () => {
    let calls = 0;
    const f = fetcher(async () => (++calls === 1 ? { status: 503, headers: {}, body: Readable.from([]) } : ok(speech.bytes)));
    const result = f.fetch(speech.ref, clock.now() + 3_000);
    await clock.advance(250);
    expect(await result).toBe(path.join(dir, `${speech.ref.sha256}.mp3`));
    expect(calls).toBe(2);
  });
});
