import type { DeviceStatePayload, PlayLogEntry } from '@sunshine/playlists';
import type { PlayLogsStoredEvent } from '../common/domain-events';
import { Clock } from '../common/clock';
import { DeviceTelemetryService } from './device-telemetry.service';

class FakeClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

const TOPIC = 'sunshine/v1/devices/tv-1/state';
const report = (at: string, volume: number, online = true): Buffer => Buffer.from(JSON.stringify({ online, deviceId: 'tv-1', at, volume }));

describe('DeviceTelemetryService state reports', () => {
  // Ordering (an older report never overwrites a newer one) is DeviceStateBatch's, tested there.
  it('should hand every valid report to the devices store as it arrives, and drop another device\'s', async () => {
    const received: Array<[string, DeviceStatePayload]> = [];
    const devices = { recordState: async (id: string, state: DeviceStatePayload) => received.push([id, state]) > 0, recordMessageProblem: async () => undefined };
    const unused = {} as never;
    const svc = new DeviceTelemetryService(unused, devices as never, unused, unused, unused, unused, new FakeClock(Date.parse('2026-12-04T08:00:01Z')));
    await Promise.all([svc.onState(TOPIC, report('2026-12-04T08:00:00.536Z', 35)), svc.onState(TOPIC, report('2026-12-04T08:00:00.532Z', 100))]);
    await svc.onState('sunshine/v1/devices/tv-2/state', report('2026-12-04T08:00:00.540Z', 20));
    expect(received.map(([id, s]) => [id, s.volume])).toEqual([
      ['tv-1', 35],
      ['tv-1', 100],
    ]);
  });
});

describe('DeviceTelemetryService play logs', () => {
  /** Play logs keyed by (device, id), as the database keys them. */
  class KeyedPlayLogs {
    readonly rows = new Set<string>();
    async store(deviceId: string, entries: PlayLogEntry[]): Promise<PlayLogEntry[]> {
      const fresh = entries.filter((e) => e.deviceId === deviceId && !this.rows.has(`${deviceId}/${e.id}`));
      for (const e of fresh) this.rows.add(`${deviceId}/${e.id}`);
      return fresh;
    }
  }

  const entry = (deviceId: string, id: string): PlayLogEntry => ({
    id, deviceId, slotId: null, scheduleId: null, contentId: 'c-1', revisionId: null, sha256: 'a'.repeat(64),
    startedAt: '2026-12-04T08:00:00.000Z', endedAt: '2026-12-04T08:00:20.000Z', playedMs: 20_000, outcome: 'completed',
  });
  const batch = (deviceId: string, ...logs: PlayLogEntry[]) => Buffer.from(JSON.stringify({ kind: 'events', deviceId, batchId: 'b', sentAt: '2026-12-04T08:01:00.000Z', playLogs: logs }));

  function setup() {
    const sent: Array<{ deviceId: string; ids: string[] }> = [];
    const emitted: PlayLogsStoredEvent[] = [];
    const noop = { markSeen: async () => undefined, recordResults: async () => undefined };
    const svc = new DeviceTelemetryService(
      {} as never,
      noop as never,
      new KeyedPlayLogs() as never,
      { sendCommand: async (deviceId: string, c: { ids: string[] }) => void sent.push({ deviceId, ids: c.ids }) } as never,
      { emit: (_: string, e: PlayLogsStoredEvent) => emitted.push(e) } as never,
      noop as never,
      new FakeClock(Date.parse('2026-12-04T08:01:00Z')),
    );
    return { svc, sent, emitted };
  }

  it('should count the same agent id from two devices twice and a device resending it once, acking each device its ids', async () => {
    const { svc, sent, emitted } = setup();
    await svc.onEvents('sunshine/v1/devices/spk-a/events', batch('spk-a', entry('spk-a', 'j-1')));
    await svc.onEvents('sunshine/v1/devices/spk-b/events', batch('spk-b', entry('spk-b', 'j-1')));
    await svc.onEvents('sunshine/v1/devices/spk-a/events', batch('spk-a', entry('spk-a', 'j-1'), entry('spk-a', 'j-1'), entry('spk-a', 'j-2')));

    expect(sent).toEqual([
      { deviceId: 'spk-a', ids: ['j-1'] },
      { deviceId: 'spk-b', ids: ['j-1'] },
      { deviceId: 'spk-a', ids: ['j-1', 'j-2'] },
    ]);
    expect(emitted.map((e) => [e.deviceId, e.logs.map((l) => l.id)])).toEqual([
      ['spk-a', ['j-1']],
      ['spk-b', ['j-1']],
      ['spk-a', ['j-2']],
    ]);
  });
});
