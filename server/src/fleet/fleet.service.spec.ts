import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import type { Clock } from '../common/clock';
import type { DeviceCommandEntity } from '../devices/device-command.entity';
import type { DeviceEntity } from '../devices/device.entity';
import type { DevicesService } from '../devices/devices.service';
import type { SignedPublisher } from '../signing/signed-publisher.service';
import { FleetService } from './fleet.service';

/** A command's row must exist before it is published: an agent's answer can arrive before `send` returns. */
describe('FleetService.send', () => {
  const user = { id: 'op', username: 'operator', roles: ['operator'], scopeRegionCode: null } as unknown as AuthUser;

  function setup(publish: (id: string) => Promise<unknown>) {
    const stored = new Map<string, DeviceCommandEntity>();
    const steps: string[] = [];
    const commands = {
      create: (x: DeviceCommandEntity) => x,
      save: async (x: DeviceCommandEntity) => {
        steps.push('saved');
        stored.set(x.id, x);
        return x;
      },
      delete: async ({ id }: { id: string }) => {
        steps.push('deleted');
        stored.delete(id);
      },
    } as unknown as Repository<DeviceCommandEntity>;
    const publisher = {
      sendCommand: async (_device: string, _cmd: unknown, _ttl: unknown, commandId: string) => {
        // What an agent answering at once would find: the row, by the id it was sent with.
        steps.push(stored.has(commandId) ? 'published-after-row' : 'published-before-row');
        return publish(commandId);
      },
    } as unknown as SignedPublisher;
    const devices = { get: async () => ({}) } as unknown as DevicesService;
    const clock = { now: () => new Date('2026-12-01T08:00:00Z'), nowMs: () => Date.parse('2026-12-01T08:00:00Z') } as Clock;
    // Leader and report recorder play no part in sending a command.
    const fleet = new FleetService(commands, {} as Repository<DeviceEntity>, devices, publisher, clock, {} as never, {} as never);
    return { fleet, stored, steps };
  }

  it('should store the pending row before publishing, under the id the command carries', async () => {
    const { fleet, stored, steps } = setup(async () => ({}));
    const row = await fleet.send('spk-1', { type: 'identify' }, user);
    expect(steps).toEqual(['saved', 'published-after-row']);
    expect(stored.get(row.id)?.result).toBe('pending');
  });

  it('should remove the row and fail when the publish fails, so no command stays pending for ever', async () => {
    const { fleet, stored, steps } = setup(async () => {
      throw new Error('broker down');
    });
    await expect(fleet.send('spk-1', { type: 'stop' }, user)).rejects.toThrow('broker down');
    expect(steps).toEqual(['saved', 'published-after-row', 'deleted']);
    expect(stored.size).toBe(0);
  });
});
