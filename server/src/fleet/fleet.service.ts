import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { OFFLINE_AFTER_MISSED_HEARTBEATS, STATE_HEARTBEAT_MS, type DeviceCommand } from '@sunshine/playlists';
import { In, LessThan, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { LeaderService } from '../leader/leader.service';
import { Clock } from '../common/clock';
import { DeviceCommandEntity } from '../devices/device-command.entity';
import { DeviceEntity } from '../devices/device.entity';
import { DeviceCommandDto } from '../devices/device.dto';
import { DevicesService } from '../devices/devices.service';
import { AppError, ErrorCode } from '../common/app-error';
import { ReportRecorder } from '../reports/report-recorder.service';
import { SignedPublisher } from '../signing/signed-publisher.service';

/** Agents republish their state every STATE_HEARTBEAT_MS (60 s); a device silent for three beats is marked offline. */
export const OFFLINE_AFTER_MS = OFFLINE_AFTER_MISSED_HEARTBEATS * STATE_HEARTBEAT_MS;
const SWEEP_EVERY_MS = 30_000;

/** Operator control of devices: signed commands with recorded results, and the missed-heartbeat sweep. */
@Injectable()
export class FleetService {
  private readonly logger = new Logger('Fleet');
  private sweeping = false;

  constructor(
    @InjectRepository(DeviceCommandEntity) private readonly commands: Repository<DeviceCommandEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    private readonly deviceService: DevicesService,
    private readonly publisher: SignedPublisher,
    private readonly clock: Clock,
    private readonly leader: LeaderService,
    private readonly reports: ReportRecorder,
  ) {}

  /** The trigger; sweepOffline() is the decision, on the injected clock, callable from tests. */
  @Interval('fleet-offline-sweep', SWEEP_EVERY_MS)
  async sweepTick(): Promise<void> {
    // A slow database must not stack sweeps on top of each other.
    // Only the leader sweeps: two API processes would both mark (and announce) the same devices offline.
    if (this.sweeping || !this.leader.isLeader()) return;
    this.sweeping = true;
    try {
      await this.sweepOffline();
    } catch (e) {
      this.logger.error((e as Error).message);
    } finally {
      this.sweeping = false;
    }
  }

  async send(deviceId: string, dto: DeviceCommandDto, user: AuthUser): Promise<DeviceCommandEntity> {
    await this.deviceService.get(deviceId, user);
    const command = toCommand(dto);
    // The row exists before the command leaves: an online agent answers within milliseconds, and an answer
    // for a command not yet recorded would be lost, leaving it "pending" for ever.
    const row = await this.commands.save(
      this.commands.create({
        id: randomUUID(),
        deviceId,
        type: command.type,
        command: { ...command },
        sentBy: user.id,
        sentAt: this.clock.now(),
        result: 'pending',
        message: null,
        resultAt: null,
      }),
    );
    try {
      await this.publisher.sendCommand(deviceId, command, undefined, row.id);
    } catch (err) {
      await this.commands.delete({ id: row.id });
      throw err;
    }
    return row;
  }

  async list(deviceId: string, user?: AuthUser): Promise<DeviceCommandEntity[]> {
    // An unknown device is a 404 (and one outside the user's scope a 403), not an empty history.
    await this.deviceService.get(deviceId, user);
    return this.commands.find({ where: { deviceId }, order: { sentAt: 'DESC' }, take: 100 });
  }

  /** Results reported by a device; ids of other devices' commands are ignored. */
  async recordResults(deviceId: string, results: Array<{ commandId: string; ok: boolean; message?: string }>): Promise<void> {
    if (results.length === 0) return;
    const known = await this.commands.findBy({ id: In(results.map((r) => r.commandId)), deviceId });
    const now = this.clock.now();
    for (const row of known) {
      const r = results.find((x) => x.commandId === row.id)!;
      row.result = r.ok ? 'ok' : 'failed';
      row.message = r.message?.slice(0, 300) ?? null;
      row.resultAt = now;
    }
    if (known.length > 0) await this.commands.save(known);
  }

  /** Marks devices offline whose last message is older than OFFLINE_AFTER_MS (Last Will can be lost too). */
  async sweepOffline(): Promise<number> {
    const cutoff = new Date(this.clock.nowMs() - OFFLINE_AFTER_MS);
    const stale = await this.devices.find({ where: { online: true, lastSeenAt: LessThan(cutoff) }, select: { id: true, lastSeenAt: true } });
    if (stale.length === 0) return 0;
    await this.devices.update({ id: In(stale.map((d) => d.id)) }, { online: false });
    await this.reports.recordHeartbeatTimeouts(stale);
    this.logger.warn(`${stale.length} 台设备超过 ${OFFLINE_AFTER_MS / 60_000} 分钟无心跳，已标记为离线：${stale.slice(0, 10).map((d) => d.id).join('、')}${stale.length > 10 ? ' 等' : ''}`);
    return stale.length;
  }
}

export function toCommand(dto: DeviceCommandDto): DeviceCommand {
  if (dto.type === 'set-volume') {
    if (dto.volume === undefined) throw AppError.badRequest(ErrorCode.ValidationFailed, '设置音量时必须给出 volume（0–100）');
    return { type: 'set-volume', volume: dto.volume };
  }
  return { type: dto.type };
}
