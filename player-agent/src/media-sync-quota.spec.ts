import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentErrorEvent } from '@sunshine/playlists';
import { MediaSync } from './media-sync';
import { FakeClock } from './testing/fake-clock';
import { media } from './testing/fixtures';
import { TestMediaServer } from './testing/media-server';
import { memoryLogger } from './testing/memory-logger';

describe('MediaSync cache quota', () => {
  let dir: string;
  let server: TestMediaServer;
  let baseUrl: string;
  let clock: FakeClock;
  let errors: AgentErrorEvent[];
  // 40 bytes each: three of them do not fit a 100-byte quota.
  const a = media('A'.repeat(40));
  const b = media('B'.repeat(40));
  const c = media('C'.repeat(40));

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-quota-'));
    server = new TestMediaServer();
    baseUrl = await server.start();
    for (const m of [a, b, c]) server.serve(m.ref.url, m.bytes);
    clock = new FakeClock();
    errors = [];
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const newSync = (quotaBytes = 100): MediaSync =>
    new MediaSync({ mediaDir: dir, serverUrl: baseUrl, clock, log: memoryLogger(clock).log, onError: (e) => errors.push(e), quotaBytes });
  const onDisk = (): string[] => fs.readdirSync(dir).sort();
  const nameOf = (m: typeof a): string => `${m.ref.sha256}.mp3`;

  it('should evict the least recently used file no playlist needs when a new one would pass the quota', async () => {
    const sync = newSync();
    await sync.sync([a.ref, b.ref]);
    await clock.advance(1_000);
    expect(sync.readyPath(a.ref)).not.toBeNull(); // a played since: b is the older one

    await sync.sync([c.ref]);

    expect(onDisk()).toEqual([nameOf(a), nameOf(c)].sort());
    expect(sync.isReady(b.ref.sha256)).toBe(false);
    expect(sync.readyPath(b.ref)).toBeNull();
    expect(sync.cacheBytes()).toBe(80);
    expect(errors).toEqual([]);
  });

  it('should evict nothing while the cache fits the quota, even files no playlist needs', async () => {
    const sync = newSync();
    await sync.sync([a.ref, b.ref]);
    await sync.sync([]);
    expect(onDisk()).toEqual([nameOf(a), nameOf(b)].sort());
  });

  it('should keep every needed file and report one error when the needed files alone pass the quota', async () => {
    const sync = newSync();
    await sync.sync([a.ref, b.ref, c.ref]);
    await sync.sync([a.ref, b.ref, c.ref]);

    expect(onDisk()).toHaveLength(3);
    expect(sync.cacheBytes()).toBe(120);
    expect(errors).toEqual([expect.objectContaining({ code: 'cache-quota-exceeded', message: expect.stringContaining('超过缓存上限') as unknown as string })]);

    // Needs shrink below the quota: the unneeded surplus goes, and a later overflow is reported again.
    await clock.advance(1_000);
    sync.readyPath(c.ref);
    await sync.sync([a.ref]);
    expect(sync.cacheBytes()).toBeLessThanOrEqual(100);
    expect(onDisk()).toEqual([nameOf(a), nameOf(c)].sort());
    await sync.sync([a.ref, b.ref, c.ref]);
    expect(errors).toHaveLength(2);
  });

  it('should order eviction by last use across restarts using the files on disk when a new instance starts', async () => {
    await newSync().sync([a.ref, b.ref]);
    const past = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(dir, nameOf(b)), past, past);
    await newSync().sync([c.ref]);
    expect(onDisk()).toEqual([nameOf(a), nameOf(c)].sort());
  });
});
