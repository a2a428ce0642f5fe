import { Readable } from 'node:stream';
import { indexRetainedByTopic, type RetainedPacket, type RetainedStore } from './retained-index';

/** A store like aedes-persistence's memory one: every lookup scans all messages; it counts the scans. */
class ScanningStore implements RetainedStore {
  readonly messages = new Map<string, RetainedPacket>();
  scans: string[] = [];
  storeRetained(packet: RetainedPacket, cb: (err: Error | null) => void): void {
    if (packet.payload.length === 0) this.messages.delete(packet.topic);
    else this.messages.set(packet.topic, { ...packet });
    cb(null);
  }
  createRetainedStreamCombi(patterns: string[]): Readable {
    this.scans.push(...patterns);
    return Readable.from(patterns.flatMap((p) => [...this.messages.values()].filter((m) => matches(p, m.topic))));
  }
  createRetainedStream(pattern: string): Readable {
    return this.createRetainedStreamCombi([pattern]);
  }
}

function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

const store = (topic: string, payload: string, s: RetainedStore): Promise<void> =>
  new Promise((resolve, reject) => s.storeRetained({ topic, payload: Buffer.from(payload), qos: 1, retain: true }, (err) => (err ? reject(err) : resolve())));

async function read(stream: Readable): Promise<string[]> {
  const out: string[] = [];
  for await (const p of stream) out.push(`${(p as RetainedPacket).topic}=${(p as RetainedPacket).payload.toString()}`);
  return out.sort();
}

describe('indexRetainedByTopic', () => {
  let inner: ScanningStore;
  let indexed: ScanningStore;

  beforeEach(async () => {
    inner = new ScanningStore();
    indexed = indexRetainedByTopic(inner);
    await store('s/devices/a/playlist', 'pa', indexed);
    await store('s/devices/b/playlist', 'pb', indexed);
    await store('s/devices/a/state', 'online', indexed);
  });

  it('should answer exact topics from the index without scanning the store', async () => {
    expect(await read(indexed.createRetainedStreamCombi(['s/devices/a/playlist', 's/devices/a/command', 's/alerts/510811']))).toEqual(['s/devices/a/playlist=pa']);
    expect(inner.scans).toEqual([]);
  });

  it('should serve the latest message and forget a topic cleared by an empty retained message', async () => {
    await store('s/devices/a/playlist', 'pa2', indexed);
    expect(await read(indexed.createRetainedStream('s/devices/a/playlist'))).toEqual(['s/devices/a/playlist=pa2']);
    await store('s/devices/a/playlist', '', indexed);
    expect(await read(indexed.createRetainedStream('s/devices/a/playlist'))).toEqual([]);
    expect(inner.messages.has('s/devices/a/playlist')).toBe(false);
  });

  it('should still scan for wildcard filters and combine them with exact ones', async () => {
    expect(await read(indexed.createRetainedStreamCombi(['s/devices/+/playlist', 's/devices/a/state']))).toEqual([
      's/devices/a/playlist=pa',
      's/devices/a/state=online',
      's/devices/b/playlist=pb',
    ]);
    expect(inner.scans).toEqual(['s/devices/+/playlist']);
    expect(await read(indexed.createRetainedStream('s/#'))).toHaveLength(3);
  });

  it('should not index a message the store refused', async () => {
    const failing = new ScanningStore();
    failing.storeRetained = (_p, cb) => cb(new Error('disk full'));
    const idx = indexRetainedByTopic(failing);
    await expect(store('s/x', 'y', idx)).rejects.toThrow('disk full');
    expect(await read(idx.createRetainedStream('s/x'))).toEqual([]);
  });
});
