import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { ContentsService } from '../contents/contents.service';
import { DeviceEntity } from '../devices/device.entity';
import { PlaylistsService, RecompileReport } from '../playlists/playlists.service';
import { RegionsService } from '../regions/regions.service';
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
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateScheduleDto, user: AuthUser): Promise<ScheduleCreated> {
    const deviceIds = dto.targets.deviceIds ?? [];
    const regionCodes = dto.targets.regionCodes ?? [];
    if (deviceIds.length === 0 && regionCodes.length === 0) {
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
        targets: { deviceIds, regionCodes },
        slots,
        windowFrom: dto.windowFrom ? new Date(dto.windowFrom) : null,
        windowUntil: dto.windowUntil ? new Date(dto.windowUntil) : null,
        priority: 'timed',
        repeat: dto.repeat ?? 1,
        active: true,
        createdBy: user.id,
      }),
    );
    const report = await this.playlists.recompileForSchedule(schedule);
    return { schedule, targetedDevices: report.deviceIds, conflicts: report.conflicts };
  }

  list(): Promise<ScheduleEntity[]> {
    return this.schedules.find({ order: { createdAt: 'DESC' } });
  }

  private slotsOf(dto: CreateScheduleDto): ScheduleSlotsData {
    const hasTimes = (dto.times?.length ?? 0) > 0;
    if (dto.now === true && hasTimes) throw AppError.badRequest(ErrorCode.ValidationFailed, '“立即播出”与“定时播出”只能选择一种');
    if (dto.now === true) return { mode: 'now', at: this.clock.now().toISOString() };
    if (hasTimes) return { mode: 'times', times: [...new Set(dto.times)].sort() };
    throw AppError.badRequest(ErrorCode.ValidationFailed, '请指定播出时间：now 为 true，或给出 times');
  }

  private async assertDevicesExist(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Set((await this.devices.findBy({ id: In(ids) })).map((d) => d.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw AppError.notFound(ErrorCode.DeviceNotFound, `设备不存在：${missing.join('、')}`);
  }
}
