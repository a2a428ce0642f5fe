import { Readable } from 'node:stream';

/** The part of an aedes persistence that serves retained messages (aedes-persistence's memory store has it). */
export interface RetainedStore {
  storeRetained(packet: RetainedPacket, cb: (err: Error | null) => void): void;
  createRetainedStreamCombi(patterns: string[]): Readable;
  createRetainedStream(pattern: string): Readable;
}

export interface RetainedPacket {
  topic: string;
  payload: Buffer;
  [field: string]: unknown;
}

const WILDCARD = /[+#]/;

/**
 * The in-memory aedes persistence answers every SUBSCRIBE by testing the filter against every retained message.
 * A county keeps one retained playlist and one retained state per device, and each agent subscribes to a handful
 * of exact topics when it connects: with 10,000 devices a reconnect storm costs 10,000 × 5 × 20,000 topic tests,
 * which kept the broker busy for minutes. This adds an index by exact topic beside the store: exact filters (no
 * `+` or `#`) are answered from the index, wildcard filters still by the store's own scan, and the store stays the
 * one that keeps the messages (an empty payload deletes, as MQTT says).
 */
export function indexRetainedByTopic<T extends RetainedStore>(store: T): T {
  const byTopic = new Map<string, RetainedPacket>();
  const storeRetained = store.storeRetained.bind(store);
  const combi = store.createRetainedStreamCombi.bind(store);
  store.storeRetained = (packet, cb) => {
    storeRetained(packet, (err) => {
      if (!err) {
        if (packet.payload.length === 0) byTopic.delete(packet.topic);
        else byTopic.set(packet.topic, { ...packet });
      }
      cb(err);
    });
  };
  store.createRetainedStreamCombi = (patterns) => {
    const exact = patterns.filter((p) => !WILDCARD.test(p));
    const wild = patterns.filter((p) => WILDCARD.test(p));
    const found = exact.flatMap((p) => {
      const packet = byTopic.get(p);
      return packet ? [packet] : [];
    });
    if (wild.length === 0) return Readable.from(found);
    return Readable.from(concat(found, combi(wild)));
  };
  store.createRetainedStream = (pattern) => store.createRetainedStreamCombi([pattern]);
  return store;
}

async function* concat(first: RetainedPacket[], rest: Readable): AsyncGenerator<RetainedPacket> {
  yield* first;
  for await (const packet of rest) yield packet as RetainedPacket;
}
