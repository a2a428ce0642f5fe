import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { Repository } from 'typeorm';
import type { ScopeService } from '../auth/scope.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { RegionsService } from '../regions/regions.service';
import type { ReportRecorder } from '../reports/report-recorder.service';
import type { DeviceAccountHooks } from './device-account-hooks';
import type { DeviceStateWriter } from './device-state-writer';
import { hashDeviceToken } from './device-token';
import type { DeviceEntity } from './device.entity';
import { DevicesService } from './devices.service';

const ROWS: Array<Pick<DeviceEntity, 'id' | 'active' | 'tokenHash' | 'regionCode'>> = [
  { id: 'spk-1', active: true, tokenHash: hashDeviceToken('t1'), regionCode: '510811100201' },
  { id: 'spk-2', active: true, tokenHash: hashDeviceToken('t2'), regionCode: '510811100201' },
  { id: 'spk-off', active: false, tokenHash: hashDeviceToken('t3'), regionCode: '510811100201' },
];

describe('DevicesService.authenticate', () => {
  afterEach(() => jest.useRealTimers());

  it('should check the credentials of devices connecting together with one database read, each on its own row', async () => {
    jest.useFakeTimers();
    const reads: string[][] = [];
    const repo = {
      find: jest.fn(async (q: { where: { id: { value: string[] } } }) => {
        reads.push(q.where.id.value);
        return ROWS.filter((r) => q.where.id.value.includes(r.id));
      }),
    } as unknown as Repository<DeviceEntity>;
    const clock = new (class extends Clock {
      now = () => new Date(0);
    })();
    const service = new DevicesService(repo, {} as RegionsService, {} as EventEmitter2, clock, {} as ScopeService, {} as AppConfig, {} as DeviceStateWriter, {} as ReportRecorder, {} as DeviceAccountHooks);
    const results = Promise.all([
      service.authenticate('spk-1', 't1'),
      service.authenticate('spk-2', 'wrong'),
      service.authenticate('spk-off', 't3'),
      service.authenticate('spk-unknown', 'x'),
      service.authenticate('spk-1', 't1'),
    ]);
    await jest.advanceTimersByTimeAsync(50);
    expect((await results).map((d) => d?.id ?? null)).toEqual(['spk-1', null, null, null, 'spk-1']);
    expect(reads).toEqual([['spk-1', 'spk-2', 'spk-off', 'spk-unknown']]);
  });
});
