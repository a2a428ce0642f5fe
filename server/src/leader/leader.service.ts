import { Injectable, Logger, BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../database/unique-violation';
import { LEADER_TICK_MS, LeaderElection, LeaderRole, LeaseStore } from './leader-election';
import { LeaderLeaseEntity } from './leader-lease.entity';

/** Emitted when a standby took over from a leader that died or stopped: catch up on what it may have left half done. */
export const LEADER_ELECTED = 'leader.elected';

const PRIMARY = 'primary';

/**
 * Which of several API processes behind one database is the leader: only the leader compiles playlists for
 * background triggers (renders finished anywhere), runs periodic work and restores retained messages. A lease row
 * in the database, renewed every 2 s; a standby takes over within 10 s of the leader's death. A single server is
 * simply always the leader.
 */
@Injectable()
export class LeaderService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Leader');
  private readonly election: LeaderElection;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> = Promise.resolve();
  private lastRole: LeaderRole | null = null;

  constructor(
    @InjectRepository(LeaderLeaseEntity) leases: Repository<LeaderLeaseEntity>,
    private readonly events: EventEmitter2,
    clock: Clock,
  ) {
    this.election = new LeaderElection(typeOrmLeaseStore(leases), `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, () => clock.nowMs());
  }

  isLeader(): boolean {
    return this.election.isLeader();
  }

  role(): LeaderRole {
    return this.isLeader() ? 'leader' : 'standby';
  }

  /** Decided before any service's bootstrap, so start-up work (restoring retained messages) asks a settled question. */
  async onModuleInit(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking = this.tick();
    }, LEADER_TICK_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    // Hand over at once instead of making the standby wait for the lease to lapse.
    await this.election.release().catch((e: Error) => this.logger.warn(`释放主节点租约失败（备用节点将在租约到期后接管）：${e.message}`));
  }

  private async tick(): Promise<void> {
    const role = await this.election.tick();
    if (role === this.lastRole) return;
    const first = this.lastRole === null;
    this.lastRole = role;
    if (role === 'leader') {
      this.logger.log(first ? '本进程为主节点（负责编译发布播放列表和定时任务）' : '本进程已接管为主节点（原主节点无响应或已停止）');
      if (!first) this.events.emit(LEADER_ELECTED);
    } else {
      this.logger.log(first ? '本进程为备用节点：主节点租约由另一进程持有，编译发布和定时任务由它执行（若那是刚停止的旧进程，本进程 10 秒内接管）' : '本进程已不再是主节点，转为备用节点');
    }
  }
}

function typeOrmLeaseStore(leases: Repository<LeaderLeaseEntity>): LeaseStore {
  return {
    renew: async (holder, until) => (await leases.update({ name: PRIMARY, holder }, { leaseUntil: until })).affected === 1,
    takeOver: async (holder, now, until) => (await leases.update({ name: PRIMARY, leaseUntil: LessThan(now) }, { holder, leaseUntil: until })).affected === 1,
    create: async (holder, until) => {
      try {
        await leases.insert({ name: PRIMARY, holder, leaseUntil: until });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    release: async (holder, at) => {
      await leases.update({ name: PRIMARY, holder }, { leaseUntil: at });
    },
  };
}
