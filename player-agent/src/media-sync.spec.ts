import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentErrorEvent, MediaRef } from '@sunshine/playlists';
import { MediaSync, type MediaSyncOptions } from './media-sync';
import { FakeClock } from './testing/fake-clock';
import { media } from './testing/fixtures';
import { TestMediaServer } from './testing/media-server';
import { memoryLogger } from './testing/memory-logger';

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('MediaSync', () => {
  let dir: string;
  let server: TestMediaServer;
  let baseUrl: string;
  let clock: FakeClock;
  let errors: AgentErrorEvent[];
  let ready: string[];
  const big = media('村委会通知：'.repeat(20_000)); // ~360 KB, several TCP chunks

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-sync-'));
    server = new TestMediaServer();
    baseUrl = await server.start();
    clock = new FakeClock();
    errors = [];
    ready = [];
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function newSync(serverUrl = baseUrl, extra: Partial<MediaSyncOptions> = {}): MediaSync {
    return new MediaSync({
      mediaDir: dir,
      serverUrl,
      clock,
      log: memoryLogger(clock).log,
      onError: (e) => errors.push(e),
      onReady: (sha) => ready.push(sha),
      ...extra,
    });
  }

  it('should download, verify and atomically place a missing file when syncing', async () => {
    server.serve(big.ref.url, big.bytes);
    const sync = newSync();
    expect(sync.isReady(big.ref.sha256)).toBe(false);

    await sync.sync([big.ref]);

    const file = path.join(dir, `${big.ref.sha256}.mp3`);
    expect(sync.isReady(big.ref.sha256)).toBe(true);
    expect(sync.readyPath(big.ref)).toBe(file);
    expect(sha256(file)).toBe(big.ref.sha256);
    expect(fs.readdirSync(dir)).toEqual([`${big.ref.sha256}.mp3`]);
    expect(server.requests).toEqual([{ url: big.ref.url, range: undefined }]);
    expect(sync.cacheBytes()).toBe(big.bytes.length);
    expect(ready).toEqual([big.ref.sha256]);
  });

  it('should not download again when a new instance finds the verified file on disk', async () => {
    server.serve(big.ref.url, big.bytes);
    await newSync().sync([big.ref]);
    const again = newSync();
    expect(again.isReady(big.ref.sha256)).toBe(true);
    await again.sync([big.ref]);
    expect(server.requests).toHaveLength(1);
  });

  it('should resume with a Range request when a new instance finds the part left by a killed download', async () => {
    server.serve(big.ref.url, big.bytes);
    server.dropAfter(100_000);
    const first = newSync();
    await first.sync([big.ref]);
    first.stop();
    const part = path.join(dir, `${big.ref.sha256}.part`);
    expect(first.isReady(big.ref.sha256)).toBe(false);
    expect(fs.statSync(part).size).toBe(100_000);

    const second = newSync();
    await second.sync([big.ref]);

    expect(server.requests.map((r) => r.range)).toEqual([undefined, 'bytes=100000-']);
    expect(second.isReady(big.ref.sha256)).toBe(true);
    expect(sha256(path.join(dir, `${big.ref.sha256}.mp3`))).toBe(big.ref.sha256);
    expect(fs.existsSync(part)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('should start over when the server ignores the Range header', async () => {
    server.serve(big.ref.url, big.bytes);
    server.ignoreRanges = true;
    fs.writeFileSync(path.join(dir, `${big.ref.sha256}.part`), big.bytes.subarray(0, 5000));
    const sync = newSync();
    await sync.sync([big.ref]);
    expect(server.requests.map((r) => r.range)).toEqual(['bytes=5000-']);
    expect(sha256(path.join(dir, `${big.ref.sha256}.mp3`))).toBe(big.ref.sha256);
  });

  it('should verify the part when the server answers 416 to a resume', async () => {
    // The playlist over-states the size; the part already holds the server's whole file.
    const ref: MediaRef = { ...big.ref, size: big.bytes.length + 10 };
    server.serve(ref.url, big.bytes);
    fs.writeFileSync(path.join(dir, `${ref.sha256}.part`), big.bytes);
    const sync = newSync();
    await sync.sync([ref]);
    expect(server.requests.map((r) => r.range)).toEqual([`bytes=${big.bytes.length}-`]);
    expect(sync.isReady(ref.sha256)).toBe(true);
  });

  it('should delete, report and never make ready a file whose sha256 does not match', async () => {
    const tampered = Buffer.from(big.bytes);
    tampered[1000] ^= 0xff;
    server.serve(big.ref.url, tampered);
    const sync = newSync();
    await sync.sync([big.ref]);

    expect(sync.isReady(big.ref.sha256)).toBe(false);
    expect(sync.readyPath(big.ref)).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'media-hash-mismatch' });
    expect(errors[0].message).toContain('校验失败');
    expect(ready).toEqual([]);
  });

  it('should retry with backoff on the clock when the first attempt fails', async () => {
    // random 1: the top of the jitter range, i.e. the nominal 2 s delay.
    const sync = newSync(baseUrl, { random: () => 1 });
    await sync.sync([big.ref]);
    expect(errors.map((e) => e.code)).toEqual(['media-http-error']);
    server.serve(big.ref.url, big.bytes);

    await clock.advance(1_999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    await waitFor(() => sync.isReady(big.ref.sha256));
    expect(server.requests).toHaveLength(2);
  });

  it('should keep the server path prefix when the media url is a path', async () => {
    server.serve(`/cast${big.ref.url}`, big.bytes);
    const sync = newSync(`${baseUrl}/cast`);
    await sync.sync([big.ref]);
    expect(sync.isReady(big.ref.sha256)).toBe(true);
  });

  it('should wait a random start delay on the clock when the media is not due soon', async () => {
    server.serve(big.ref.url, big.bytes);
    const sync = newSync(baseUrl, { startJitterMs: 10_000, urgentWithinMs: 300_000, random: () => 0.5 });
    // Due in an hour: a window of 5 min (a tenth of the slack, at most 30 × 10 s), half of it with random 0.5.
    await sync.sync([big.ref], new Map([[big.ref.sha256, clock.now() + 3_600_000]]));
    expect(server.requests).toEqual([]);

    await clock.advance(149_999);
    expect(server.requests).toEqual([]);
    await clock.advance(1);
    await waitFor(() => sync.isReady(big.ref.sha256));
    expect(server.requests).toHaveLength(1);
  });

  it('should fetch at once without start delay when the media is due within the urgent window', async () => {
    server.serve(big.ref.url, big.bytes);
    const sync = newSync(baseUrl, { startJitterMs: 10_000, urgentWithinMs: 300_000, random: () => 0.9 });
    await sync.sync([big.ref], new Map([[big.ref.sha256, clock.now() + 60_000]]));
    expect(sync.isReady(big.ref.sha256)).toBe(true);
  });

  it('should drop a pending start delay when a new playlist makes the media urgent', async () => {
    server.serve(big.ref.url, big.bytes);
    const sync = newSync(baseUrl, { startJitterMs: 10_000, urgentWithinMs: 300_000, random: () => 0.9 });
    await sync.sync([big.ref]);
    expect(server.requests).toEqual([]);
    await sync.sync([big.ref], new Map([[big.ref.sha256, clock.now() + 1_000]]));
    expect(sync.isReady(big.ref.sha256)).toBe(true);
  });

  it('should spread retries of failed downloads by the random draw when several fail together', async () => {
    const sync = newSync(baseUrl, { random: () => 0 });
    await sync.sync([big.ref]);
    server.serve(big.ref.url, big.bytes);
    // random 0: half the nominal 2 s.
    await clock.advance(999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    await waitFor(() => sync.isReady(big.ref.sha256));
    expect(server.requests).toHaveLength(2);
  });

  it('should refuse a ref whose sha256 is not a hex digest', async () => {
    const sync = newSync();
    await sync.sync([{ ...big.ref, sha256: '../../etc/passwd' }]);
    expect(errors.map((e) => e.code)).toEqual(['media-invalid-ref']);
    expect(server.requests).toEqual([]);
  });
});

/** The retry runs on real sockets after the fake timer fires; poll briefly for it. */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}
