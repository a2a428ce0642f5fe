/**
 * The lease row on a real SQLite file shared by two LeaderServices (as two API processes share it): one leader, a
 * take-over once the lease lapsed, a clean hand-over on shutdown. Each has its own clock, moved by hand.
 */
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { databaseModule } from '../database/database.module';
import { LEADER_LEASE_MS } from './leader-election';
import { LEADER_ELECTED, LeaderService } from './leader.service';
import { LeaderModule } from './leader.module';
import { EventEmitter2 } from '@nestjs/event-emitter';

jest.setTimeout(30_000);

class HandClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

describe('LeaderService on a shared SQLite file', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-leader-'));
  const start = Date.parse('2026-12-04T08:00:00Z');
  const apps: TestingModule[] = [];

  async function node(clock: HandClock): Promise<{ app: TestingModule; leader: LeaderService; tick: () => Promise<void>; elected: () => number }> {
    const config = loadConfig({ DATA_DIR: dataDir }, []);
    const app = await Test.createTestingModule({ imports: [CoreModule.forRoot(config, clock), EventEmitterModule.forRoot(), databaseModule(config), LeaderModule] }).compile();
    let elected = 0;
    app.get(EventEmitter2).on(LEADER_ELECTED, () => elected++);
    await app.init();
    apps.push(app);
    const leader = app.get(LeaderService);
    return { app, leader, tick: () => (leader as unknown as { tick(): Promise<void> }).tick(), elected: () => elected };
  }

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
  });

  it('should elect one leader, let a standby take over a lapsed lease, and hand over at once on shutdown', async () => {
    const clockA = new HandClock(start);
    const clockB = new HandClock(start);
    const a = await node(clockA);
    const b = await node(clockB);
    expect([a.leader.role(), b.leader.role()]).toEqual(['leader', 'standby']);

    // A stops renewing (hung or dead); B's clock passes the end of A's lease and B takes the row.
    clockB.ms = start + LEADER_LEASE_MS + 1;
    await b.tick();
    expect(b.leader.role()).toBe('leader');
    expect(b.elected()).toBe(1);
    clockA.ms = start + LEADER_LEASE_MS + 1;
    await a.tick();
    expect(a.leader.role()).toBe('standby');

    // B shuts down cleanly: A need not wait for the lease to lapse.
    await b.app.close();
    await a.tick();
    expect(a.leader.role()).toBe('leader');
  });
});
