import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DeviceStatePayload } from '@sunshine/playlists';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DeviceEntity } from './device.entity';
import { DeviceStateBatch, mergeOffline, type DeviceRowWrite } from './device-state-batch';

/** How long the first message of a batch waits for others: short next to the 60 s heartbeat, long for a storm. */
export const STATE_BATCH_WINDOW_MS = 100;
/** A batch this large is written at once. */
export const STATE_BATCH_MAX = 1_000;
const READ_CHUNK = 500;

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Writes device state and last-seen times in batches: one transaction per batch, each device's row once with the
 * last word of its messages. Each call resolves when its batch is committed, so callers see their write.
 */
@Injectable()
export class DeviceStateWriter implements OnModuleDestroy {
  private readonly batch = new DeviceStateBatch();
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Batches are written one after another, in the order they were taken. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    private readonly clock: Clock,
  ) {}

  /** Resolves true once written, or at once with false when the report is older than one already taken (DeviceStateBatch). */
  async recordState(id: string, state: DeviceStatePayload): Promise<boolean> {
    if (!this.batch.state(id, state, this.clock.nowMs())) return false;
    await this.enqueue();
    return true;
  }

  markSeen(id: string): Promise<void> {
    this.batch.seen(id, this.clock.nowMs());
    return this.enqueue();
  }

  /** Writes what is pending now; resolves when it (and every earlier batch) is committed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.batch.take();
    const waiters = this.waiters.splice(0);
    if (rows.length === 0) {
      waiters.forEach((w) => w.resolve());
      return this.chain;
    }
    this.chain = this.chain.then(() =>
      this.write(rows).then(
        () => waiters.forEach((w) => w.resolve()),
        (err: Error) => waiters.forEach((w) => w.reject(err)),
      ),
    );
    return this.chain;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private enqueue(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.batch.size >= STATE_BATCH_MAX) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), STATE_BATCH_WINDOW_MS);
    return done;
  }

  private async write(rows: DeviceRowWrite[]): Promise<void> {
    const needStored = rows.filter((r) => r.mergeWithStored).map((r) => r.id);
    const stored = new Map<string, DeviceStatePayload | null>();
    for (let i = 0; i < needStored.length; i += READ_CHUNK) {
      const found = await this.devices.find({ where: { id: In(needStored.slice(i, i + READ_CHUNK)) }, select: { id: true, state: true } });
      for (const d of found) stored.set(d.id, d.state);
    }
    await this.devices.manager.transaction(async (tx) => {
      for (const r of rows) {
        const set: Partial<Pick<DeviceEntity, 'lastSeenAt' | 'online' | 'state'>> = { lastSeenAt: r.lastSeenAt };
        if (r.online !== undefined) set.online = r.online;
        if (r.state) set.state = r.mergeWithStored ? mergeOffline(stored.get(r.id) ?? null, r.state) : r.state;
        await tx.update(DeviceEntity, { id: r.id }, set);
      }
    });
  }
}
