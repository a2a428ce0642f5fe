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

/** A devices store whose first write is slow, as a busy database can make it. */
class SlowFirstWriteDevices {
  readonly written: DeviceStatePayload[] = [];
  private release!: () => void;
  private readonly firstGate = new Promise<void>((r) => (this.release = r));
  private calls = 0;

  async recordState(_id: string, state: DeviceStatePayload): Promise<void> {
    if (this.calls++ === 0) await this.firstGate;
    this.written.push(state);
  }

  letFirstFinish(): void {
    this.release();
  }
}

const TOPIC = 'sunshine/v1/devices/tv-1/state';
const report = (at: string, volume: number, online = true): Buffer => Buffer.from(JSON.stringify({ online, deviceId: 'tv-1', at, volume }));

function service(devices: SlowFirstWriteDevices, clock: Clock): DeviceTelemetryService {
  const unused = {} as never;
  return new DeviceTelemetryService(unused, devices as never, unused, unused, unused, unused, clock);
}

describe('DeviceTelemetryService state reports', () => {
  it('should leave the newest report in place when the write of an earlier one is slower', async () => {
    const devices = new SlowFirstWriteDevices();
    const svc = service(devices, new FakeClock(Date.parse('2026-12-04T08:00:01Z')));
    const first = svc.onState(TOPIC, report('2026-12-04T08:00:00.532Z', 100));
    const second = svc.onState(TOPIC, report('2026-12-04T08:00:00.536Z', 35));
    await Promise.resolve();
    devices.letFirstFinish();
    await Promise.all([first, second]);
    expect(devices.written.map((s) => s.volume)).toEqual([100, 35]);
  });

  it('should ignore an older report that arrives after a newer one (a redelivered retained copy)', async () => {
    const devices = new SlowFirstWriteDevices();
    devices.letFirstFinish();
    const svc = service(devices, new FakeClock(Date.parse('2026-12-04T08:00:01Z')));
    await svc.onState(TOPIC, report('2026-12-04T08:00:00.536Z', 35));
    await svc.onState(TOPIC, report('2026-12-04T08:00:00.532Z', 100));
    expect(devices.written.map((s) => s.volume)).toEqual([35]);
  });

  it('should apply an offline report even when it is dated earlier (a Last Will is written at connect time)', async () => {
    const devices = new SlowFirstWriteDevices();
    devices.letFirstFinish();
    const svc = service(devices, new FakeClock(Date.parse('2026-12-04T08:00:01Z')));
    await svc.onState(TOPIC, report('2026-12-04T08:00:00.536Z', 35));
    await svc.onState(TOPIC, report('2026-12-04T07:00:00.000Z', 0, false));
    expect(devices.written.map((s) => s.online)).toEqual([true, false]);
  });

  it('should accept an earlier-dated report once the window has passed (the device clock was stepped back)', async () => {
    const devices = new SlowFirstWriteDevices();
    devices.letFirstFinish();
    const clock = new FakeClock(Date.parse('2026-12-04T08:00:01Z'));
    const svc = service(devices, clock);
    await svc.onState(TOPIC, report('2026-12-04T08:00:00.536Z', 35));
    clock.ms += 61_000;
    await svc.onState(TOPIC, report('2026-12-04T07:55:00.000Z', 60));
    expect(devices.written.map((s) => s.volume)).toEqual([35, 60]);
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
