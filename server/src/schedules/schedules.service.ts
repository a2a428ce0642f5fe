import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentsService } from '../contents/contents.service';
import { DeviceEntity } from '../devices/device.entity';
import { RenditionsService } from '../media/renditions.service';
import { PlaylistsService, RecompileReport } from '../playlists/playlists.service';
import { RegionsService } from '../regions/regions.service';
import { localDateTimeOf, localToInstant } from '@sunshine/playlists';
import { buildPresetRecurrence, RECURRENCE_PRESETS, RecurrenceError, RecurrenceSpec, validateRecurrence } from './recurrence';
import { CalendarOccurrence, CalendarQuery, CreateScheduleDto, SchedulePreview } from './schedule.dto';
import { isoInZone, nextOccurrences, occurrencesBetween } from './occurrences';
import { describeSlots } from './recurrence/describe-rule';
import { reachedDevices } from '../devices/target-summary';
import { regionChain } from '@sunshine/devices';
import { ScheduleEntity, ScheduleSlotsData } from './schedule.entity';

/** Devices listed by name in a preview; the count covers all. */
const PREVIEW_DEVICES = 50;
const PREVIEW_OCCURRENCES = 10;
export const CALENDAR_MAX_DAYS = 62;
/** Per schedule and calendar range: far above any sane rule, low enough to bound the response. */
const CALENDAR_MAX_OCCURRENCES = 20_000;

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
    private readonly scope: ScopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateScheduleDto, user: AuthUser): Promise<ScheduleCreated> {
    const schedule = await this.schedules.save(await this.plan(dto, user));
    const report = await this.playlists.recompileForSchedule(schedule);
    // Screens and speakers need their own renditions; the queue skips what exists or is already queued.
    const profiles = [...new Set((await this.devices.findBy({ id: In(report.deviceIds) })).map((d) => d.profile))];
    if (profiles.length > 0) await this.renditions.render(schedule.revisionId, profiles, false);
    return { schedule, targetedDevices: report.deviceIds, conflicts: report.conflicts };
  }

  /** What saving the same body would do: reached devices, wording, next starts and conflicts; nothing is saved. */
  async preview(dto: CreateScheduleDto, user: AuthUser): Promise<SchedulePreview> {
    const schedule = await this.plan(dto, user);
    const report = await this.playlists.previewSchedule(schedule);
    const shown = report.deviceIds.slice(0, PREVIEW_DEVICES);
    const devices = shown.length > 0 ? await this.devices.find({ where: { id: In(shown) }, order: { id: 'ASC' } }) : [];
    const tz = this.config.timezone;
    const next = nextOccurrences(schedule.slots, this.clock.nowMs(), PREVIEW_OCCURRENCES, {
      timeZone: tz,
      windowFrom: schedule.windowFrom?.getTime(),
      windowUntil: schedule.windowUntil?.getTime(),
    });
    return {
      deviceCount: report.deviceIds.length,
      devices: devices.map((d) => ({ id: d.id, name: d.name, kind: d.kind, regionCode: d.regionCode })),
      ruleText: describeSlots(schedule.slots, tz),
      nextOccurrences: next.map((ms) => isoInZone(ms, tz)),
      conflicts: report.conflicts,
    };
  }

  /**
   * Every airing of the active schedules between two local dates (inclusive), expanded as the compile expands
   * them, optionally only those reaching a region (with descendants). A scoped account sees only the schedules
   * reaching its region, each counting only its devices there.
   */
  async calendar(q: CalendarQuery, user?: AuthUser): Promise<CalendarOccurrence[]> {
    const tz = this.config.timezone;
    const fromMs = localDayStart(q.from, tz);
    const untilMs = localDayStart(q.to, tz, 1);
    if (untilMs <= fromMs) throw AppError.badRequest(ErrorCode.ValidationFailed, '结束日期不能早于开始日期');
    if (untilMs - fromMs > CALENDAR_MAX_DAYS * 86_400_000 + 3_600_000) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, `日历一次最多查询 ${CALENDAR_MAX_DAYS} 天`);
    }
    const schedules = await this.schedules.find({ where: { active: true }, order: { createdAt: 'ASC' } });
    const region = this.scope.regionCondition(user);
    const devices = await this.devices.find({ where: { active: true, ...(region ? { regionCode: region } : {}) }, select: { id: true, kind: true, regionCode: true, tags: true } });
    const contentIds = [...new Set(schedules.map((s) => s.contentId))];
    const contents = await this.contents.summaries(contentIds);
    const approved = [...contents.values()].flatMap((c) => (c.approvedRevisionId ? [c.approvedRevisionId] : []));
    const durations = new Map([...(await this.renditions.doneFor(approved, 'speaker'))].map(([id, r]) => [id, r.durationMs ?? 0]));
    const out: CalendarOccurrence[] = [];
    for (const s of schedules) {
      if (!this.scope.scheduleTouchesScope(user, s.targets, devices)) continue;
      const reached = reachedDevices(devices, s.targets);
      if (q.regionCode && !reached.some((d) => regionChain(d.regionCode).includes(q.regionCode!))) continue;
      const content = contents.get(s.contentId);
      const base = {
        scheduleId: s.id,
        contentId: s.contentId,
        title: content?.title ?? '',
        deviceCount: reached.length,
        regionCodes: s.targets.regionCodes ?? [],
        status: content?.status ?? 'withdrawn',
      };
      const window = { timeZone: tz, windowFrom: s.windowFrom?.getTime(), windowUntil: s.windowUntil?.getTime(), maxOccurrences: CALENDAR_MAX_OCCURRENCES };
      if (s.slots.mode === 'loop') {
        const from = Math.max(fromMs, window.windowFrom ?? -Infinity);
        const until = Math.min(untilMs, window.windowUntil ?? Infinity);
        if (from < until) out.push({ ...base, kind: 'loop', start: isoInZone(from, tz), end: isoInZone(until, tz) });
        continue;
      }
      let starts: number[];
      try {
        starts = occurrencesBetween(s.slots, fromMs, untilMs, window);
      } catch (e) {
        // A rule that floods the range is refused when saved; an old one is shown as nothing rather than failing the page.
        if (e instanceof RecurrenceError) continue;
        throw e;
      }
      const durationMs = content?.approvedRevisionId ? durations.get(content.approvedRevisionId) : undefined;
      for (const ms of starts) {
        out.push({ ...base, kind: 'slot', start: isoInZone(ms, tz), ...(durationMs ? { end: isoInZone(ms + durationMs * s.repeat, tz) } : {}) });
      }
    }
    return out.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.scheduleId < b.scheduleId ? -1 : 1));
  }

  /** The unsaved schedule a body describes, checked exactly as creating it checks it. */
  private async plan(dto: CreateScheduleDto, user: AuthUser): Promise<ScheduleEntity> {
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
    // A town account may only reach its own town: every region named and every device the targets resolve to.
    const requested = { deviceIds, regionCodes, kinds: dto.targets.kinds ?? [], tags: dto.targets.tags ?? [] };
    await this.scope.assertScheduleTargets(user, requested);
    if (dto.windowFrom && dto.windowUntil && Date.parse(dto.windowFrom) >= Date.parse(dto.windowUntil)) {
      throw AppError.badRequest(ErrorCode.ValidationFailed, '排期结束时间必须晚于开始时间');
    }
    return this.schedules.create({
      id: randomUUID(),
      contentId: dto.contentId,
      revisionId: revision.id,
      // A kind or tag checked inside the town today must not reach a device added to another town tomorrow.
      targets: user.scopeRegionCode ? { ...requested, within: [user.scopeRegionCode] } : requested,
      slots,
      windowFrom: dto.windowFrom ? new Date(dto.windowFrom) : null,
      windowUntil: dto.windowUntil ? new Date(dto.windowUntil) : null,
      priority: slots.mode === 'loop' ? 'loop' : 'timed',
      repeat: dto.repeat ?? 1,
      active: true,
      createdBy: user.id,
    });
  }

  /** Stops a schedule: its devices are recompiled and lose its items (a playing agent stops them). */
  async cancel(id: string, user?: AuthUser): Promise<ScheduleEntity> {
    const schedule = await this.schedules.findOneBy({ id });
    if (!schedule) throw AppError.notFound(ErrorCode.ScheduleNotFound, `排期 ${id} 不存在`);
    await this.scope.assertScheduleTargets(user, schedule.targets);
    if (schedule.active) {
      schedule.active = false;
      await this.schedules.save(schedule);
      await this.playlists.recompileForSchedule(schedule);
    }
    return schedule;
  }

  /** A scoped account sees the schedules that reach anything inside its region. */
  async list(user?: AuthUser): Promise<ScheduleEntity[]> {
    const all = await this.schedules.find({ order: { createdAt: 'DESC' } });
    if (this.scope.isCountyWide(user)) return all;
    const devices = await this.scope.allDevices();
    return all.filter((s) => this.scope.scheduleTouchesScope(user, s.targets, devices));
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

/** Instant of local midnight of 'YYYY-MM-DD' (plus `addDays` days) in the zone. */
function localDayStart(date: string, timeZone: string, addDays = 0): number {
  const [year, month, day] = date.split('-').map(Number);
  const d = new Date(Date.UTC(year, month - 1, day + addDays));
  return localToInstant({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, timeZone);
}
