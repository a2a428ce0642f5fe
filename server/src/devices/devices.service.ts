import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { defaultProfileForKind, getProfile, isDivisionCode, levelOf, regionChain } from '@sunshine/devices';
import { DEFAULT_SPEAKER_QUIET_HOURS, DeviceStatePayload, QuietHours } from '@sunshine/playlists';
import { randomBytes } from 'node:crypto';
import { In, IsNull, Not, Repository } from 'typeorm';
import { BatchLoader } from '../common/batch-loader';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvent } from '../common/domain-events';
import { RegionsService } from '../regions/regions.service';
import { ReportRecorder } from '../reports/report-recorder.service';
import { DeviceEntity, DeviceKind } from './device.entity';
import { DeviceCountDto, ListDevicesQuery, RegisterDeviceDto, UpdateDeviceDto } from './device.dto';
import { summariseTargets, TargetSummary } from './target-summary';
import { containsPattern, escapeLike, likeIgnoringCase, Page, pageWindow, wantsPage } from '../common/pagination';
import { BulkDeviceRow, hoursProblem } from './device-csv';
import type { RowProblem } from '../common/csv';
import { DeviceStateWriter } from './device-state-writer';
export { mergeOffline } from './device-state-batch';
import { deviceTokenMatches, hashDeviceToken, newDeviceToken } from './device-token';
import { DeviceAccountHooks } from './device-account-hooks';
import type { DeviceMessageProblem } from './device-message-problem';

/** Where a newly registered agent connects: the console prints its exact start command from it. */
export interface AgentConnection {
  serverUrl: string;
  mqttUrl: string;
}

export interface DeviceView {
  id: string;
  name: string;
  kind: DeviceKind;
  profile: string;
  regionCode: string;
  regionChain: string[];
  tags: string[];
  /** The quiet hours in force (the kind's default when none were set). */
  quietHours: QuietHours[];
  /** When the loop set plays; null = the kind's default. */
  openingHours: QuietHours[] | null;
  /** Volume set on the device when configured; null = the device keeps its own. */
  defaultVolume: number | null;
  active: boolean;
  online: boolean;
  /** `online` as a word, as in `GET /api/devices?status=`. */
  status: 'online' | 'offline';
  /** Last message of any kind from the device (state, heartbeat, events). */
  lastSeenAt: Date | null;
  /** From the device's last reported state; null until it reported one (or an agent too old to report it). */
  agentVersion: string | null;
  /** What it plays now; null when offline. */
  nowPlaying: NonNullable<DeviceStatePayload['nowPlaying']> | null;
  volume: number | null;
  cacheBytes: number | null;
  /** Device clock minus server clock in ms (median over recent live messages): positive = device ahead. */
  clockOffsetMs: number | null;
  playlistVersion: string | null;
  /** The raw last reported state, as stored. */
  state: DeviceStatePayload | null;
  /** The last time the server dropped the device's MQTT messages and why; null if it never did. */
  messageProblem: DeviceMessageProblem | null;
}

/** Ids per database read when reading many devices. */
const READ_CHUNK = 500;
/** Short next to an agent's 20 s connect timeout, long enough to gather a storm's connects into one read. */
const AUTH_BATCH_WINDOW_MS = 5;

@Injectable()
export class DevicesService {
  constructor(
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    private readonly regions: RegionsService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly stateWriter: DeviceStateWriter,
    private readonly reports: ReportRecorder,
    private readonly accounts: DeviceAccountHooks,
  ) {}

  /**
   * Credential reads of broker authentications made within a few milliseconds go to the database as one query:
   * a fleet reconnecting after a restart is thousands of them at once. Each still reads the row as it is now.
   */
  private readonly credentials = new BatchLoader<string, DeviceEntity>(
    async (ids) => {
      const rows = await this.devices.find({ where: { id: In(ids) }, select: { id: true, active: true, tokenHash: true, regionCode: true } });
      return new Map(rows.map((d) => [d.id, d]));
    },
    { windowMs: AUTH_BATCH_WINDOW_MS, maxBatch: READ_CHUNK },
  );

  /** Registers a device and returns its token: the only time the token is ever shown. */
  async register(dto: RegisterDeviceDto, user?: AuthUser): Promise<{ device: DeviceView; token: string; agent: AgentConnection }> {
    await this.scope.assertRegionCodes(user, [dto.regionCode]);
    const profileId = dto.profile ?? defaultProfileForKind(dto.kind).id;
    const profile = getProfile(profileId);
    if (!profile || profile.kind !== dto.kind) {
      throw AppError.badRequest(ErrorCode.UnknownProfile, `设备规格 ${profileId} 不存在或与设备类型 ${dto.kind} 不符`);
    }
    await this.regions.get(dto.regionCode);
    assertHours(dto.quietHours, '静音时段');
    assertHours(dto.openingHours, '开放时段');
    const id = dto.id ?? `${dto.kind}-${dto.regionCode}-${randomBytes(3).toString('hex')}`;
    if (await this.devices.existsBy({ id })) throw AppError.conflict(ErrorCode.DeviceExists, `设备编号 ${id} 已存在`);
    const token = newDeviceToken();
    const saved = await this.devices.save(
      this.devices.create({
        id,
        name: dto.name,
        kind: dto.kind,
        profile: profileId,
        regionCode: dto.regionCode,
        tags: dto.tags ?? [],
        quietHours: dto.quietHours ? dto.quietHours.map((q) => ({ from: q.from, until: q.until })) : null,
        openingHours: dto.openingHours ? dto.openingHours.map((q) => ({ from: q.from, until: q.until })) : null,
        defaultVolume: dto.defaultVolume ?? null,
        tokenHash: hashDeviceToken(token),
        active: true,
        online: false,
        lastSeenAt: null,
        state: null,
      }),
    );
    await this.accounts.credentialsIssued([{ device: saved, token }]);
    this.events.emit(DomainEvent.DevicesChanged, { deviceIds: [saved.id] });
    return { device: toView(saved), token, agent: this.agentConnection() };
  }

  /**
   * The default volume of each of these devices that is active and has one, with the volume it last reported
   * (devices without a default volume are not returned).
   */
  async defaultVolumes(ids: string[]): Promise<Map<string, { defaultVolume: number; reportedVolume: number | null }>> {
    const out = new Map<string, { defaultVolume: number; reportedVolume: number | null }>();
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const rows = await this.devices.find({
        where: { id: In(ids.slice(i, i + READ_CHUNK)), active: true, defaultVolume: Not(IsNull()) },
        select: { id: true, defaultVolume: true, state: true },
      });
      for (const d of rows) out.set(d.id, { defaultVolume: d.defaultVolume!, reportedVolume: d.state?.volume ?? null });
    }
    return out;
  }

  /** Where an agent connects, for the start command shown with a new token. */
  agentConnection(): AgentConnection {
    return { serverUrl: this.config.publicUrl, mqttUrl: this.config.publicMqttUrl };
  }

  /** The bare array without `page`/`pageSize` (agents' tools and older tests use it), the paged form with. */
  async list(filter: ListDevicesQuery = {}, user?: AuthUser): Promise<DeviceView[] | Page<DeviceView>> {
    const qb = this.devices.createQueryBuilder('d').orderBy('d.id', 'ASC');
    // A scoped account sees only the devices inside its region (in SQL, so pages and totals agree).
    const scope = this.scope.scopePrefix(user);
    if (scope !== null) qb.andWhere("d.regionCode LIKE :scope ESCAPE '\\'", { scope: `${escapeLike(scope)}%` });
    if (filter.status) qb.andWhere('d.online = :online', { online: filter.status === 'online' });
    if (filter.region) qb.andWhere("d.regionCode LIKE :prefix ESCAPE '\\'", { prefix: `${escapeLike(regionPrefix(filter.region))}%` });
    if (filter.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
    // Tags are stored as a JSON array: match the quoted element, so "vil" does not match "village".
    if (filter.tag) qb.andWhere(likeIgnoringCase('d.tags', 'tag'), { tag: containsPattern(JSON.stringify(filter.tag)) });
    if (filter.q) qb.andWhere(`(${likeIgnoringCase('d.name', 'q')} OR ${likeIgnoringCase('d.id', 'q')})`, { q: containsPattern(filter.q) });
    if (!wantsPage(filter)) return (await qb.getMany()).map(toView);
    const w = pageWindow(filter);
    const [rows, total] = await qb.skip(w.skip).take(w.take).getManyAndCount();
    return { items: rows.map(toView), total, page: w.page, pageSize: w.pageSize };
  }

  /** How many active devices a target set reaches, per kind and per town. */
  /** A scoped account counts only the devices inside its region. */
  async count(targets: DeviceCountDto, user?: AuthUser): Promise<TargetSummary> {
    const region = this.scope.regionCondition(user);
    const devices = await this.devices.find({ where: { active: true, ...(region ? { regionCode: region } : {}) }, select: { id: true, kind: true, regionCode: true, tags: true } });
    const towns = (await this.regions.list()).filter((r) => r.level === 'town');
    return summariseTargets(devices, targets, new Map(towns.map((t) => [t.code, t.name])));
  }

  /** With a user: refused (403) when the device lies outside the user's scope. */
  async get(id: string, user?: AuthUser): Promise<DeviceView> {
    const d = await this.getEntity(id);
    if (user) await this.scope.assertDevice(user, d);
    return toView(d);
  }

  async getEntity(id: string): Promise<DeviceEntity> {
    const d = await this.devices.findOneBy({ id });
    if (!d) throw AppError.notFound(ErrorCode.DeviceNotFound, `设备 ${id} 不存在`);
    return d;
  }

  /** Every device with what a broker's account needs (the external broker's start-up sync). */
  listForBroker(): Promise<Array<Pick<DeviceEntity, 'id' | 'regionCode' | 'active'>>> {
    return this.devices.find({ select: { id: true, regionCode: true, active: true }, order: { id: 'ASC' } });
  }

  findActive(ids?: string[]): Promise<DeviceEntity[]> {
    return this.devices.find({ where: ids ? { id: In(ids), active: true } : { active: true }, order: { id: 'ASC' } });
  }

  /** For broker authentication: the active device whose token matches, or null. */
  async authenticate(id: string, token: string): Promise<DeviceEntity | null> {
    const d = await this.credentials.load(id);
    if (!d || !d.active || !deviceTokenMatches(token, d.tokenHash)) return null;
    return d;
  }

  /**
   * Applies an operator's edit. Says whether the playlist must be recompiled (region, tags or hours changed what
   * the device is targeted by or when it may play), whether the region and the default volume changed; the
   * caller recompiles once the broker knows the new region.
   */
  async update(id: string, dto: UpdateDeviceDto): Promise<{ device: DeviceEntity; reshaped: boolean; regionChanged: boolean; volumeChanged: boolean }> {
    const d = await this.getEntity(id);
    if (dto.regionCode !== undefined && dto.regionCode !== d.regionCode) await this.regions.get(dto.regionCode);
    assertHours(dto.quietHours, '静音时段');
    assertHours(dto.openingHours, '开放时段');
    const before = JSON.stringify([d.regionCode, d.tags, d.quietHours, d.openingHours]);
    const volumeBefore = d.defaultVolume ?? null;
    const regionBefore = d.regionCode;
    if (dto.name !== undefined) d.name = dto.name;
    if (dto.regionCode !== undefined) d.regionCode = dto.regionCode;
    if (dto.tags !== undefined) d.tags = [...new Set(dto.tags)];
    if (dto.quietHours !== undefined) d.quietHours = dto.quietHours === null ? null : dto.quietHours.map((q) => ({ from: q.from, until: q.until }));
    if (dto.openingHours !== undefined) d.openingHours = dto.openingHours === null ? null : dto.openingHours.map((q) => ({ from: q.from, until: q.until }));
    if (dto.defaultVolume !== undefined) d.defaultVolume = dto.defaultVolume;
    const saved = await this.devices.save(d);
    if (saved.regionCode !== regionBefore) {
      await this.accounts.regionChanged(saved);
      // Availability counts the device's time from now on in its new region (and before, in the old one).
      await this.reports.recordMove(saved.id, saved.regionCode);
    }
    const reshaped = JSON.stringify([saved.regionCode, saved.tags, saved.quietHours, saved.openingHours]) !== before;
    return { device: saved, reshaped, regionChanged: saved.regionCode !== regionBefore, volumeChanged: (saved.defaultVolume ?? null) !== volumeBefore };
  }

  /** Enables or disables a device; an enabled device gets its playlist compiled afresh. */
  async setActive(id: string, active: boolean): Promise<DeviceEntity> {
    const d = await this.getEntity(id);
    if (d.active !== active) {
      await this.devices.update({ id }, { active, ...(active ? {} : { online: false }) });
      d.active = active;
      if (!active) d.online = false;
    }
    // Even when the row did not change: a retry after the broker failed to follow must reach the broker.
    await this.accounts.activeChanged(id, active);
    if (active) this.events.emit(DomainEvent.DevicesChanged, { deviceIds: [id] });
    return d;
  }

  /** A new token; the old one stops matching as soon as this returns. */
  async rotateToken(id: string): Promise<{ device: DeviceEntity; token: string }> {
    const d = await this.getEntity(id);
    const token = newDeviceToken();
    d.tokenHash = hashDeviceToken(token);
    await this.devices.update({ id }, { tokenHash: d.tokenHash });
    await this.accounts.credentialsIssued([{ device: d, token }]);
    return { device: d, token };
  }

  async remove(id: string): Promise<void> {
    await this.getEntity(id);
    await this.devices.delete({ id });
    await this.accounts.removed(id);
  }

  /**
   * The database half of a bulk registration's validation: regions that do not exist and ids already taken,
   * each reported on its line. Rows without an id get one here, so the token CSV names every device.
   */
  async checkBulk(rows: BulkDeviceRow[]): Promise<{ rows: Array<BulkDeviceRow & { id: string }>; problems: RowProblem[] }> {
    const problems: RowProblem[] = [];
    const knownRegions = await this.regions.existing(rows.map((r) => r.regionCode));
    const givenIds = rows.flatMap((r) => (r.id ? [r.id] : []));
    const taken = new Set<string>();
    for (let i = 0; i < givenIds.length; i += 500) {
      const found = await this.devices.find({ where: { id: In(givenIds.slice(i, i + 500)) }, select: { id: true } });
      for (const f of found) taken.add(f.id);
    }
    const out: Array<BulkDeviceRow & { id: string }> = [];
    for (const r of rows) {
      if (!knownRegions.has(r.regionCode)) problems.push({ line: r.line, reason: `区划代码 ${r.regionCode} 不存在，请先导入行政区划` });
      if (r.id && taken.has(r.id)) problems.push({ line: r.line, reason: `设备编号 ${r.id} 已存在` });
      out.push({ ...r, id: r.id ?? `${r.kind}-${r.regionCode}-${randomBytes(3).toString('hex')}` });
    }
    return { rows: out, problems };
  }

  /** Registers every row in one transaction (all or nothing) and returns each device's token, shown only now. */
  async registerMany(rows: Array<BulkDeviceRow & { id: string }>): Promise<Array<{ device: DeviceEntity; token: string }>> {
    const created = rows.map((r) => {
      const token = newDeviceToken();
      const device = this.devices.create({
        id: r.id,
        name: r.name,
        kind: r.kind,
        profile: r.profile ?? defaultProfileForKind(r.kind).id,
        regionCode: r.regionCode,
        tags: r.tags,
        quietHours: r.quietHours,
        openingHours: r.openingHours,
        defaultVolume: r.defaultVolume,
        tokenHash: hashDeviceToken(token),
        active: true,
        online: false,
        lastSeenAt: null,
        state: null,
      });
      return { device, token };
    });
    await this.devices.manager.transaction(async (tx) => {
      // Copies: after a multi-row insert TypeORM writes the rows it reads back (in the database's order, not ours)
      // onto the objects it was given, which paired ids with other rows' tokens (every id out of sort order).
      for (let i = 0; i < created.length; i += 100) await tx.insert(DeviceEntity, created.slice(i, i + 100).map((c) => ({ ...c.device })));
    });
    await this.accounts.credentialsIssued(created);
    this.events.emit(DomainEvent.DevicesChanged, { deviceIds: created.map((c) => c.device.id) });
    return created;
  }

  /**
   * Batched with other devices' messages (DeviceStateWriter, which also ignores a report older than the one it
   * already took); resolves once written, then the transition is recorded. False: ignored as out of order.
   */
  async recordState(id: string, state: DeviceStatePayload): Promise<boolean> {
    if (!(await this.stateWriter.recordState(id, state))) return false;
    await this.reports.recordState(id, state);
    return true;
  }

  async recordMessageProblem(id: string, problem: DeviceMessageProblem): Promise<void> {
    await this.devices.update({ id }, { messageProblem: problem });
  }

  markSeen(id: string): Promise<void> {
    return this.stateWriter.markSeen(id);
  }
}

const PREFIX_LENGTH = { province: 2, city: 4, county: 6, town: 9, village: 12 } as const;

/** The prefix of a code given as a filter; a malformed code is the caller's error (400), not a crash. */
export function regionPrefix(code: string): string {
  if (!isDivisionCode(code)) throw AppError.badRequest(ErrorCode.ValidationFailed, `行政区划代码 ${code} 无效`);
  return significantPrefix(code);
}

/** "510811100000" (a town) → "510811100": every code below it shares this prefix. */
export function significantPrefix(code: string): string {
  return code.slice(0, PREFIX_LENGTH[levelOf(code)]);
}

export function toView(d: DeviceEntity): DeviceView {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    profile: d.profile,
    regionCode: d.regionCode,
    regionChain: regionChain(d.regionCode),
    tags: d.tags,
    quietHours: effectiveQuietHours(d),
    openingHours: d.openingHours,
    defaultVolume: d.defaultVolume ?? null,
    active: d.active,
    online: d.online,
    status: d.online ? 'online' : 'offline',
    lastSeenAt: d.lastSeenAt,
    agentVersion: d.state?.agentVersion ?? null,
    nowPlaying: d.online ? (d.state?.nowPlaying ?? null) : null,
    volume: d.state?.volume ?? null,
    cacheBytes: d.state?.cacheBytes ?? null,
    clockOffsetMs: d.state?.clockOffsetMs ?? null,
    playlistVersion: d.state?.playlistVersion ?? null,
    state: d.state,
    messageProblem: d.messageProblem ?? null,
  };
}

/** Null means the kind's default: loudspeakers are silent 22:00–06:00 except for emergencies. */
export function effectiveQuietHours(d: Pick<DeviceEntity, 'kind' | 'quietHours'>): QuietHours[] {
  if (d.quietHours) return d.quietHours;
  return d.kind === 'speaker' ? [...DEFAULT_SPEAKER_QUIET_HOURS] : [];
}

function assertHours(hours: readonly QuietHours[] | null | undefined, label: string): void {
  const bad = (hours ?? []).flatMap((h) => {
    const problem = hoursProblem(h);
    return problem ? [`${label} ${h.from}–${h.until}${problem}`] : [];
  });
  if (bad.length > 0) throw AppError.badRequest(ErrorCode.ValidationFailed, bad.join('；'));
}
