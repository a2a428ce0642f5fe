import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { ScopeService } from '../auth/scope.service';
import type { FleetService } from '../fleet/fleet.service';
import type { EmbeddedBroker } from '../mqtt/embedded-broker';
import type { PlaylistsService } from '../playlists/playlists.service';
import type { SignedPublisher } from '../signing/signed-publisher.service';
import { DeviceLifecycleService } from './device-lifecycle.service';
import type { DevicesService } from './devices.service';

/** Devices with a default volume and the volume each last reported; the others have none. */
const VOLUMES = new Map([
  ['spk-a', { defaultVolume: 60, reportedVolume: 30 }],
  ['spk-b', { defaultVolume: 60, reportedVolume: 60 }],
  ['spk-c', { defaultVolume: 80, reportedVolume: null }],
]);

function setUp() {
  const reads: string[][] = [];
  const sent: Array<{ id: string; volume: number | undefined }> = [];
  const devices = {
    defaultVolumes: jest.fn(async (ids: string[]) => {
      reads.push(ids);
      return new Map(ids.flatMap((id) => (VOLUMES.has(id) ? [[id, VOLUMES.get(id)!] as const] : [])));
    }),
  } as unknown as DevicesService;
  const fleet = { send: jest.fn(async (id: string, dto: { volume?: number }) => void sent.push({ id, volume: dto.volume })) } as unknown as FleetService;
  const service = new DeviceLifecycleService(
    devices,
    {} as EmbeddedBroker,
    {} as PlaylistsService,
    {} as SignedPublisher,
    fleet,
    {} as EventEmitter2,
    {} as ScopeService,
  );
  return { service, reads, sent };
}

describe('DeviceLifecycleService.onDeviceListening', () => {
  afterEach(() => jest.useRealTimers());

  it('should look up the default volumes of devices connecting together in one read and set only those that differ', async () => {
    jest.useFakeTimers();
    const { service, reads, sent } = setUp();
    const done = Promise.all(['spk-a', 'spk-b', 'spk-c', 'spk-none'].map((deviceId) => service.onDeviceListening({ deviceId })));
    await jest.advanceTimersByTimeAsync(1_000);
    await done;
    expect(reads).toEqual([['spk-a', 'spk-b', 'spk-c', 'spk-none']]);
    expect(sent).toEqual([
      { id: 'spk-a', volume: 60 },
      { id: 'spk-c', volume: 80 },
    ]);
  });
});
