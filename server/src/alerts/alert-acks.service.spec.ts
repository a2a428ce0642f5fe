import type { AlertAck } from '@sunshine/playlists';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AlertAcksService } from './alert-acks.service';

class FixedClock extends Clock {
  now(): Date {
    return new Date(Date.parse('2026-11-24T08:00:00Z'));
  }
}

const ACK: AlertAck = { id: 'ack-1', alertId: 'alert-1', state: 'success', at: '2026-11-24T08:00:00.000Z' };

/** A database whose next `failures` transactions fail; every transaction that runs records the alert ids it looked up. */
function service(failures: number) {
  const written: string[][] = [];
  let left = failures;
  const tx = {
    findBy: jest.fn(async (_entity: unknown, where: { id: { value: string[] } }) => {
      written.push(where.id.value);
      return [];
    }),
  } as unknown as EntityManager;
  const db = {
    transaction: jest.fn(async (work: (t: EntityManager) => Promise<void>) => {
      if (left-- > 0) throw new Error('SQLITE_BUSY: database is locked');
      await work(tx);
    }),
  } as unknown as DataSource;
  return { acks: new AlertAcksService(db, new FixedClock()), written };
}

describe('AlertAcksService', () => {
  it('should take an ack again when its first write failed (an ack is seen only once stored)', async () => {
    const { acks, written } = service(1);
    acks.onAcks({ deviceId: 'spk-1', acks: [ACK] });
    await acks.flush();
    expect(written).toEqual([]);
    // The device (or QoS 1) delivers it again; the buffered retry and the redelivery are one write.
    acks.onAcks({ deviceId: 'spk-1', acks: [ACK] });
    await acks.flush();
    await acks.onModuleDestroy();
    expect(written).toEqual([['alert-1']]);
  });

  it('should not write a stored ack again when it is redelivered', async () => {
    const { acks, written } = service(0);
    acks.onAcks({ deviceId: 'spk-1', acks: [ACK] });
    await acks.flush();
    acks.onAcks({ deviceId: 'spk-1', acks: [ACK] });
    await acks.flush();
    await acks.onModuleDestroy();
    expect(written).toEqual([['alert-1']]);
  });

  it('should give up on a batch the database keeps refusing, and take a later redelivery', async () => {
    const { acks, written } = service(3);
    acks.onAcks({ deviceId: 'spk-1', acks: [ACK] });
    for (let i = 0; i < 3; i++) await acks.flush();
    expect(written).toEqual([]);
    acks.onAcks({ deviceId: 'spk-1', acks: [ACK] });
    await acks.flush();
    await acks.onModuleDestroy();
    expect(written).toEqual([['alert-1']]);
  });
});
