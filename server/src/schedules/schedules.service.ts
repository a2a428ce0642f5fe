import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentsService } from '../contents/contents.service';
import { DeviceEntity } from '../devices/device.entity';
import { RenditionsService } from '../media/renditions.service';
import { PlaylistsService, RecompileReport } from '../playlists/playlists.service';
import { RegionsService } from '../regions/regions.service';
import { localDateTimeOf } from '@sunshine/playlists';
import { buildPresetRecurrence, RECURRENCE_PRESETS, RecurrenceSpec, validateRecurrence } from './recurrence';
import { CreateScheduleDto } from './schedule.dto';
import { ScheduleEntity, ScheduleSlotsData } from './schedule.entity';

export interface ScheduleCreated {
  schedule: ScheduleEntity;
  targetedDevices: string[];
  conflicts: RecompileReport['conflicts'];
}

@Injectable()
export class SchedulesService {
  constructor(
    @InjectRepository(ScheduleEntity) private readonly schedules: Repository<ScheduleEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    private readonly contents: ContentsService,
    private readonly regions: RegionsService,
    private readonly playlists: PlaylistsService,
    private readonly renditions: RenditionsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateScheduleDto, user: AuthUser): Promise<ScheduleCreated> {
    const deviceIds = dto.targets.deviceIds ?? [];
    const regionCodes = dto.targets.regionCodes ?? [];
    const anyTarget = deviceIds.length + regionCodes.length + (dto.targets.kinds?.length ?? 0) + (dto.targets.tags?.length ?? 0);
    if (anyTarget === 0) {
      throw AppError.badRequest(ErrorCode.NoTargets, '请至少指定一个播出对象（设备或行政区划）');
    }
    const slots = this.slotsOf(dto);
    const { revision } = await this.contents.approvedRevision(dto.contentId);
    await this.regions.assertAllExist(regionCodes);
    await this.assertDevicesExist(deviceIds);
    if (dto.windowFrom && dto.windowUntil && Date.parse(dto.windowFrom) >= Date.parse(dto.windowUntil)) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, '排期结束时间必须晚于开始时间');
    }
    const schedule = await this.schedules.save(
      this.schedules.create({
        id: randomUUID(),
        contentId: dto.contentId,
        revisionId: revision.id,
        targets: { deviceIds, regionCodes, kinds: dto.targets.kinds ?? [], tags: dto.targets.tags ?? [] },
        slots,
        windowFrom: dto.windowFrom ? new Date(dto.windowFrom) : null,
        windowUntil: dto.windowUntil ? new Date(dto.windowUntil) : null,
        priority: slots.mode === 'loop' ? 'loop' : 'timed',
        repeat: dto.repeat ?? 1,
        active: true,
        createdBy: user.id,
      }),
    );
    const report = await this.playlists.recompileForSchedule(schedule);
    // Screens and speakers need their own renditions; the queue skips what exists or is already queued.
    const profiles = [...new Set((await this.devices.findBy({ id: In(report.deviceIds) })).map((d) => d.profile))];
    if (profiles.length > 0) await this.renditions.render(revision.id, profiles, false);
    return { schedule, targetedDevices: report.deviceIds, conflicts: report.conflicts };
  }

  /** Stops a schedule: its devices are recompiled and lose its items (a playing agent stops them). */
  async cancel(id: string): Promise<ScheduleEntity> {
    const schedule = await this.schedules.findOneBy({ id });
    if (!schedule) throw AppError.notFound(ErrorCode.ScheduleNotFound, `排期 ${id} 不存在`);
    if (schedule.active) {
      schedule.active = false;
      await this.schedules.save(schedule);
      await this.playlists.recompileForSchedule(schedule);
    }
    return schedule;
  }

  list(): Promise<ScheduleEntity[]> {
    return this.schedules.find({ order: { createdAt: 'DESC' } });
  }

  /** Exactly one way to say when: now, local times, a recurrence (rule or preset), or loop membership. */
  private slotsOf(dto: CreateScheduleDto): ScheduleSlotsData {
    const given = [dto.now === true, (dto.times?.length ?? 0) > 0, !!dto.rrule, !!dto.preset, dto.loop === true].filter(Boolean).length;
    if (given !== 1) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, '请指定且只指定一种播出方式：now（立即）、times（定时）、rrule/preset（重复规则）或 loop（轮播）');
    }
    if (dto.now === true) return { mode: 'now', at: this.clock.now().toISOString() };
    if (dto.times?.length) return { mode: 'times', times: [...new Set(dto.times)].sort() };
    if (dto.loop === true) return { mode: 'loop' };
    const today = localDateTimeOf(this.clock.nowMs(), this.config.timezone);
    const startDate = `${today.year}-${pad(today.month)}-${pad(today.day)}`;
    const spec: RecurrenceSpec | undefined = dto.preset
      ? buildPresetRecurrence(dto.preset, dto.dtstart?.slice(0, 10) ?? startDate)
      : { rrule: dto.rrule!, dtstart: dto.dtstart ?? `${startDate}T00:00`, exdates: dto.exdates };
    if (!spec) {
      throw AppError.badRequest(ErrorCode.InvalidRecurrence, `常用重复规则 ${dto.preset} 不存在，可选：${RECURRENCE_PRESETS.map((p) => p.id).join('、')}`);
    }
    if (dto.preset && dto.exdates) spec.exdates = dto.exdates;
    const check = validateRecurrence(spec, { timeZone: this.config.timezone });
    if (!check.ok) throw AppError.badRequest(ErrorCode.InvalidRecurrence, check.message, { code: check.code });
    return { mode: 'rrule', rrule: spec.rrule, dtstart: spec.dtstart, exdates: spec.exdates };
  }

  private async assertDevicesExist(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Set((await this.devices.findBy({ id: In(ids) })).map((d) => d.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw AppError.notFound(ErrorCode.DeviceNotFound, `设备不存在：${missing.join('、')}`);
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
