import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { regionChain } from '@sunshine/devices';
import {
  CompileConflict,
  CompileDevice,
  CompiledPlaylist,
  createPlaylistCompiler,
  DEFAULT_GRACE_MS,
  SlotSpec,
  MediaRef,
  PlaylistPayload,
  ScheduleSpec,
  targetsDevice,
  topics,
} from '@sunshine/playlists';
import { DataSource, In, IsNull, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DevicesChangedEvent, DomainEvent, PlaylistPublishedEvent, RenditionReadyEvent, SchedulesChangedEvent } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { effectiveQuietHours } from '../devices/devices.service';
import { LEADER_ELECTED, LeaderService } from '../leader/leader.service';
import { RenditionsService } from '../media/renditions.service';
import { expandRecurrence, localWindowFor } from '../schedules/recurrence';
import { ReportRecorder } from '../reports/report-recorder.service';
import { ScheduleEntity } from '../schedules/schedule.entity';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { DevicePlaylistEntity } from './device-playlist.entity';
import { PlaylistRequestEntity, PlaylistRequestKind } from './playlist-request.entity';
import { mergeRequests } from './playlist-requests';
import { mapBounded } from './map-bounded';
import { mediaUrl } from './media-url';

export interface RecompileReport {
  deviceIds: string[];
  published: string[];
  conflicts: Array<CompileConflict & { deviceId: string }>;
}

/** How often every playlist is recompiled so the materialised horizon rolls forward. */
const ROLL_FORWARD_MS = 60 * 60_000;
/** Devices compiled between yields to the event loop, so a county-wide compile does not stall MQTT and HTTP. */
const COMPILE_SLICE = 200;
/** Signed publishes awaiting their PUBACK at once. */
const PUBLISH_CONCURRENCY = 64;
/** Ids per IN (…) query, well under SQLite's bound-parameter limit. */
const QUERY_CHUNK = 500;
/** Rows per multi-row upsert (6 columns each). */
const UPSERT_CHUNK = 100;
/**
 * How often the leader looks for work a standby handed over: short, so an operator's change made on a standby
 * reaches the devices about as fast as one made on the leader (an indexed read of an empty table otherwise).
 */
export const REQUEST_POLL_MS = 500;
/** Handed-over requests taken per poll. */
const REQUEST_BATCH = 100;

/** One device's compile outcome, with the specs and media it was compiled from (for explaining it). */
export interface DryCompile {
  device: DeviceEntity;
  playlist: CompiledPlaylist;
  conflicts: CompileConflict[];
  media: Record<string, MediaRef>;
  specs: ScheduleSpec[];
}

interface ProfileCompiler {
  compiler: ReturnType<typeof createPlaylistCompiler>;
  media: Record<string, MediaRef>;
  specs: ScheduleSpec[];
}

type PlaylistRow = Omit<DevicePlaylistEntity, 'conflicts'> & { conflicts: CompileConflict[] };

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Compiles, signs and publishes device playlists. Recompiles run one at a time, each batched (compile all,
 * publish concurrently, record in one transaction); a device whose compiled version is unchanged is not
 * republished, so agents see nothing new.
 *
 * Only the leader compiles and publishes. An operator's request that reaches a standby API process (behind the same
 * load balancer) is handed to the leader as a playlist_requests row, taken by the leader's short poll — so exactly
 * one process publishes, and two compiles of the same change can never race each other's sequence numbers.
 */
@Injectable()
export class PlaylistsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Playlists');
  private chain: Promise<unknown> = Promise.resolve();
  private polling: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(ScheduleEntity) private readonly schedules: Repository<ScheduleEntity>,
    @InjectRepository(ContentEntity) private readonly contents: Repository<ContentEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @InjectRepository(DevicePlaylistEntity) private readonly published: Repository<DevicePlaylistEntity>,
    @InjectRepository(PlaylistRequestEntity) private readonly requests: Repository<PlaylistRequestEntity>,
    private readonly renditions: RenditionsService,
    private readonly publisher: SignedPublisher,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    private readonly leader: LeaderService,
    private readonly reports: ReportRecorder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Not only on the leader: the embedded broker is this process's own, and a server restarted within a lease
    // period of its crash starts as standby (its old lease has not lapsed yet) yet must refill its broker.
    await this.restoreRetained();
  }

  /** Hourly roll-forward, only on the leader (two API processes never both publish): the horizon moves on and
   * playlists past half their validity are re-signed. */
  @Interval('playlists-roll-forward', ROLL_FORWARD_MS)
  rollForward(): Promise<void> {
    if (!this.leader.isLeader()) return Promise.resolve();
    return this.recompile().then(
      () => undefined,
      (e: Error) => this.logger.error(e.message),
    );
  }

  /**
   * A standby just took over: the old leader may have died between a change and its publish, and renders it was
   * to announce are announced by this process from now on. One full recompile republishes only what differs.
   */
  @OnEvent(LEADER_ELECTED)
  onLeaderElected(): void {
    void this.recompile().catch((e: Error) => this.logger.error(`接管后重新编译播放列表失败：${e.message}`));
  }

  /**
   * Leader: does what standbys handed over, in the order they received it. A row is deleted only after its work
   * ran (a leader dying in between leaves it to its successor, which repeats idempotent work); a failure is logged
   * like the same failure of a request made on the leader, not retried every half second.
   */
  @Interval('playlists-requests', REQUEST_POLL_MS)
  pollRequests(): Promise<void> {
    if (!this.leader.isLeader()) return Promise.resolve();
    this.polling ??= this.takeRequests()
      .catch((e: Error) => this.logger.error(`读取备用节点转交的播放列表请求失败：${e.message}`))
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  private async takeRequests(): Promise<void> {
    const rows = await this.requests.find({ order: { id: 'ASC' }, take: REQUEST_BATCH });
    if (rows.length === 0) return;
    for (const r of mergeRequests(rows)) {
      try {
        if (r.kind === 'withdraw') await this.withdrawHere(r.deviceIds ?? []);
        else await this.recompileHere(r.deviceIds ?? undefined);
      } catch (err) {
        this.logger.error(`执行备用节点转交的播放列表请求失败：${(err as Error).message}`);
      }
    }
    await this.requests.delete({ id: In(rows.map((r) => r.id)) });
  }

  /** Standby: leaves the work to the leader's poll. */
  private async handOff(kind: PlaylistRequestKind, deviceIds: string[] | null): Promise<void> {
    if (deviceIds !== null && deviceIds.length === 0) return;
    await this.requests.insert({ kind, deviceIds });
    const what = deviceIds === null ? '全部设备' : `${deviceIds.length} 台设备`;
    this.logger.log(`本进程为备用节点：${what}的播放列表${kind === 'withdraw' ? '撤下' : '编译发布'}已转交主节点`);
  }

  /**
   * The embedded broker keeps retained messages in memory only: after a restart, put every device's last signed
   * playlist back (the same envelope, so agents that hold it see a duplicate and change nothing). An external
   * broker keeps its own retained messages. Expired ones are left to the roll-forward recompile.
   */
  private async restoreRetained(): Promise<void> {
    if (this.config.mqttUrl) return;
    const nowMs = this.clock.nowMs();
    const rows = await this.published.find();
    const live = rows.filter((r) => Date.parse(r.envelope.payload.expiresAt) > nowMs);
    await mapBounded(live, PUBLISH_CONCURRENCY, (r) => this.publisher.republish(topics.playlist(r.deviceId), r.envelope));
    if (live.length > 0) this.logger.log(`已恢复 ${live.length} 台设备的保留播放列表`);
    if (live.length < rows.length && this.leader.isLeader()) void this.recompile().catch((e: Error) => this.logger.error(e.message));
  }

  @OnEvent(DomainEvent.RenditionReady)
  onRenditionReady(e: RenditionReadyEvent): void {
    this.recompileAffected((spec) => spec.revisionId === e.revisionId, `新渲染 ${e.sha256.slice(0, 12)}…`);
  }

  @OnEvent(DomainEvent.SchedulesChanged)
  onSchedulesChanged(e: SchedulesChangedEvent): void {
    const contents = new Set(e.contentIds ?? []);
    const schedules = new Set(e.scheduleIds ?? []);
    this.recompileAffected((spec) => contents.has(spec.contentId) || schedules.has(spec.id), '排期变化');
  }

  @OnEvent(DomainEvent.DevicesChanged)
  onDevicesChanged(e: DevicesChangedEvent): void {
    void this.recompile(e.deviceIds).catch((err: Error) => this.logger.error(`播放列表编译失败：${err.message}`));
  }

  /**
   * Recompiles only the devices that a matching schedule targets, including schedules a withdrawn content no
   * longer airs (their devices must lose the items).
   */
  private recompileAffected(matches: (spec: { id: string; contentId: string; revisionId: string }) => boolean, why: string): void {
    const run = async (): Promise<void> => {
      const schedules = await this.schedules.find({ where: { active: true } });
      const contents = await this.contents.findBy({ id: In([...new Set(schedules.map((s) => s.contentId))]) });
      const approved = new Map(contents.map((c) => [c.id, c.approvedRevisionId ?? '']));
      const hit = schedules.filter((s) => matches({ id: s.id, contentId: s.contentId, revisionId: approved.get(s.contentId) ?? s.revisionId }));
      if (hit.length === 0) return;
      const deviceIds = await this.targetedDeviceIds(hit);
      if (deviceIds.length > 0) await this.recompile(deviceIds);
    };
    void run().catch((err: Error) => this.logger.error(`播放列表编译失败（${why}）：${err.message}`));
  }

  /**
   * Compiles for the devices a new schedule reaches and reports what the operator should see. On a standby the
   * leader publishes; the operator still sees the conflicts at once, from the same compile run dry here on the same
   * database.
   */
  async recompileForSchedule(schedule: ScheduleEntity): Promise<RecompileReport> {
    const deviceIds = await this.targetedDeviceIds([schedule]);
    if (!this.leader.isLeader()) {
      await this.handOff('recompile', deviceIds);
      const devices = deviceIds.length > 0 ? await this.devices.find({ where: { id: In(deviceIds), active: true }, order: { id: 'ASC' } }) : [];
      const compiled = await this.dryCompile(devices);
      const conflicts = compiled.flatMap((c) => c.conflicts.filter((k) => k.scheduleId === schedule.id).map((k) => ({ ...k, deviceId: c.device.id })));
      return { deviceIds, published: [], conflicts };
    }
    const report = await this.recompileHere(deviceIds);
    return { ...report, conflicts: report.conflicts.filter((c) => c.scheduleId === schedule.id) };
  }

  private async targetedDeviceIds(schedules: ScheduleEntity[]): Promise<string[]> {
    const devices = await this.devices.find({ where: { active: true }, select: { id: true, kind: true, regionCode: true, tags: true } });
    return devices
      .filter((d) => {
        const target = { id: d.id, kind: d.kind, regionCodes: regionChain(d.regionCode), tags: d.tags };
        return schedules.some((s) => targetsDevice(s.targets, target));
      })
      .map((d) => d.id);
  }

  /**
   * Recompiles the given devices (all active devices when omitted), serialised with other recompiles. On a standby
   * it is handed to the leader, and the report lists nothing published.
   */
  async recompile(deviceIds?: string[]): Promise<RecompileReport> {
    if (!this.leader.isLeader()) {
      await this.handOff('recompile', deviceIds ?? null);
      return { deviceIds: deviceIds ?? [], published: [], conflicts: [] };
    }
    return this.recompileHere(deviceIds);
  }

  private recompileHere(deviceIds?: string[]): Promise<RecompileReport> {
    const run = this.chain.then(() => this.doRecompile(deviceIds));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes devices' playlists away (device disabled or deleted): the retained copy is cleared so nothing is handed
   * to a reconnecting client, and the record is dropped so re-enabling publishes afresh. Serialised with
   * recompiles, so a compile already under way cannot publish after the clearing. On a standby it is handed to the
   * leader, so it stays ordered with the leader's compiles.
   */
  async withdraw(deviceIds: string[]): Promise<void> {
    if (!this.leader.isLeader()) return this.handOff('withdraw', deviceIds);
    return this.withdrawHere(deviceIds);
  }

  private withdrawHere(deviceIds: string[]): Promise<void> {
    const run = this.chain.then(async () => {
      const outcomes = await mapBounded(deviceIds, PUBLISH_CONCURRENCY, (id) => this.publisher.clearRetained(topics.playlist(id)));
      const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
      if (failed.length > 0) throw new Error(`${failed.length} 台设备的保留播放列表未能清除：${failed[0].message}`);
      for (let i = 0; i < deviceIds.length; i += QUERY_CHUNK) await this.published.delete({ deviceId: In(deviceIds.slice(i, i + QUERY_CHUNK)) });
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async current(deviceId: string): Promise<DevicePlaylistEntity | null> {
    return this.published.findOneBy({ deviceId });
  }

  /**
   * Compiles every device first (one shared compiler, yielding to the event loop now and then), then signs and
   * publishes the changed playlists concurrently, then records them in one transaction. A device whose version
   * is unchanged is not republished.
   */
  private async doRecompile(deviceIds?: string[]): Promise<RecompileReport> {
    const devices = await this.devices.find({ where: deviceIds ? { id: In(deviceIds), active: true } : { active: true } });
    const nowMs = this.clock.nowMs();
    const specs = await this.activeScheduleSpecs(nowMs, this.config.playlistHorizonMs);
    const byProfile = await this.compilersFor(devices, specs, nowMs, this.config.playlistHorizonMs);
    const previous = await this.previousVersions(devices.map((d) => d.id));
    const report: RecompileReport = { deviceIds: devices.map((d) => d.id), published: [], conflicts: [] };
    const changed: Array<{ deviceId: string; playlist: CompiledPlaylist; conflicts: CompileConflict[] }> = [];
    const conflictsOnly: Array<{ deviceId: string; conflicts: CompileConflict[] }> = [];
    const replanned: Array<{ deviceId: string; playlist: CompiledPlaylist; conflicts: CompileConflict[] }> = [];

    for (const [i, device] of devices.entries()) {
      if (i > 0 && i % COMPILE_SLICE === 0) await yieldToEventLoop();
      const { compiler, media } = byProfile.get(device.profile)!;
      const { playlist, conflicts } = compiler.compile(compileDeviceOf(device), media);
      report.conflicts.push(...conflicts.map((c) => ({ ...c, deviceId: device.id })));
      const before = previous.get(device.id);
      // An unchanged playlist is re-signed once half its validity has passed, so the retained copy a device
      // (re)connecting to never expires under a schedule that does not change (a loop-only screen).
      const stale = before !== undefined && nowMs - before.publishedAt.getTime() >= this.config.playlistHorizonMs / 2;
      if (before?.version !== playlist.version || stale) changed.push({ deviceId: device.id, playlist, conflicts });
      // Nothing to send, but the operator must see what the compiler skipped now.
      else if (JSON.stringify(before.conflicts) !== JSON.stringify(conflicts)) {
        conflictsOnly.push({ deviceId: device.id, conflicts });
        // The slots it drops are on the plan of record (as skipped) even though the device gets nothing new.
        replanned.push({ deviceId: device.id, playlist, conflicts });
      }
    }

    const outcomes = await mapBounded(changed, PUBLISH_CONCURRENCY, async ({ deviceId, playlist, conflicts }) => {
      const startedMs = this.clock.nowMs();
      const payload: PlaylistPayload = { ...playlist, ...this.publisher.stamp(this.config.playlistHorizonMs) };
      const envelope = await this.publisher.publish(topics.playlist(deviceId), payload, { retain: true });
      const row: PlaylistRow = { deviceId, version: playlist.version, seq: String(payload.seq), envelope, conflicts, publishedAt: new Date(nowMs) };
      return { row, publishMs: this.clock.nowMs() - startedMs };
    });
    const published = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const rows = published.map((p) => p.row);
    // What went out is recorded even if some publishes failed, so it is not sent again needlessly.
    await this.record(rows, conflictsOnly);
    await this.recordPlans(devices, changed, rows, replanned, byProfile);
    for (const { row, publishMs } of published) {
      report.published.push(row.deviceId);
      const event: PlaylistPublishedEvent = { deviceId: row.deviceId, version: row.version, items: row.envelope.payload.items.length, publishMs };
      this.events.emit(DomainEvent.PlaylistPublished, event);
    }
    if (report.published.length > 0) this.logger.log(`已向 ${report.published.length} 台设备发布新的播放列表`);
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
    if (failed.length > 0) throw new Error(`${failed.length} 台设备的播放列表发布失败：${failed[0].message}`);
    return report;
  }

  /**
   * The plan of record follows what was published: a device whose playlist did not change keeps the plan it has.
   * A failure here is logged, never a reason to hold back a playlist.
   */
  private async recordPlans(
    devices: DeviceEntity[],
    changed: Array<{ deviceId: string; playlist: CompiledPlaylist; conflicts: CompileConflict[] }>,
    rows: PlaylistRow[],
    replanned: Array<{ deviceId: string; playlist: CompiledPlaylist; conflicts: CompileConflict[] }>,
    byProfile: Map<string, ProfileCompiler>,
  ): Promise<void> {
    const sent = new Set(rows.map((r) => r.deviceId));
    const regions = new Map(devices.map((d) => [d.id, d.regionCode]));
    const schedules = new Map<string, { contentId: string; revisionId: string }>();
    for (const { specs } of byProfile.values()) for (const s of specs) if (!schedules.has(s.id)) schedules.set(s.id, { contentId: s.contentId, revisionId: s.revisionId });
    const plans = [...changed.filter((c) => sent.has(c.deviceId)), ...replanned]
      .map((c) => ({ deviceId: c.deviceId, regionCode: regions.get(c.deviceId)!, items: c.playlist.items, conflicts: c.conflicts }));
    try {
      await this.reports.recordPlans(plans, schedules);
    } catch (err) {
      this.logger.error(`记录播出计划失败：${(err as Error).message}`);
    }
  }

  /**
   * What the devices' playlists would be, compiled exactly as a recompile does but neither signed, published nor
   * recorded. `extra` schedules (unsaved) are taken as saved; `nowMs`/`horizonMs` move the compile's window (a
   * device's timeline for another day).
   */
  async dryCompile(devices: DeviceEntity[], opts: { extra?: ScheduleEntity[]; nowMs?: number; horizonMs?: number } = {}): Promise<DryCompile[]> {
    const nowMs = opts.nowMs ?? this.clock.nowMs();
    const horizonMs = opts.horizonMs ?? this.config.playlistHorizonMs;
    const specs = await this.activeScheduleSpecs(nowMs, horizonMs, opts.extra ?? []);
    const byProfile = await this.compilersFor(devices, specs, nowMs, horizonMs);
    return devices.map((device) => {
      const { compiler, media, specs: airable } = byProfile.get(device.profile)!;
      return { device, ...compiler.compile(compileDeviceOf(device), media), media, specs: airable };
    });
  }

  /** The conflicts saving `schedule` would report, and the devices it reaches, without saving or publishing. */
  async previewSchedule(schedule: ScheduleEntity): Promise<Omit<RecompileReport, 'published'>> {
    const deviceIds = await this.targetedDeviceIds([schedule]);
    const devices = deviceIds.length > 0 ? await this.devices.find({ where: { id: In(deviceIds), active: true }, order: { id: 'ASC' } }) : [];
    const compiled = await this.dryCompile(devices, { extra: [schedule] });
    const conflicts = compiled.flatMap((c) => c.conflicts.filter((k) => k.scheduleId === schedule.id).map((k) => ({ ...k, deviceId: c.device.id })));
    return { deviceIds, conflicts };
  }

  /**
   * What airs can differ per profile (an edit airs its previous revision until the profile's rendition exists),
   * so there is one shared compiler per profile in use.
   */
  private async compilersFor(devices: DeviceEntity[], specs: ScheduleSpec[], nowMs: number, horizonMs: number): Promise<Map<string, ProfileCompiler>> {
    const byProfile = new Map<string, ProfileCompiler>();
    for (const profile of new Set(devices.map((d) => d.profile))) {
      const airable = await this.airableFor(specs, profile);
      const compiler = createPlaylistCompiler({ schedules: airable.specs, nowMs, horizonMs, timezone: this.config.timezone });
      byProfile.set(profile, { compiler, media: airable.media, specs: airable.specs });
    }
    return byProfile;
  }

  /** Version and conflicts of the last published playlists (not the envelopes, which are large). */
  private async previousVersions(deviceIds: string[]): Promise<Map<string, Pick<DevicePlaylistEntity, 'version' | 'conflicts' | 'publishedAt'>>> {
    const out = new Map<string, Pick<DevicePlaylistEntity, 'version' | 'conflicts' | 'publishedAt'>>();
    for (let i = 0; i < deviceIds.length; i += QUERY_CHUNK) {
      const rows = await this.published.find({
        where: { deviceId: In(deviceIds.slice(i, i + QUERY_CHUNK)) },
        select: { deviceId: true, version: true, conflicts: true, publishedAt: true },
      });
      for (const r of rows) out.set(r.deviceId, { version: r.version, conflicts: r.conflicts, publishedAt: r.publishedAt });
    }
    return out;
  }

  /** One transaction for the whole recompile: multi-row upserts instead of a transaction per device. */
  private async record(rows: PlaylistRow[], conflictsOnly: Array<{ deviceId: string; conflicts: CompileConflict[] }>): Promise<void> {
    if (rows.length === 0 && conflictsOnly.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
        await tx.upsert(DevicePlaylistEntity, rows.slice(i, i + UPSERT_CHUNK), ['deviceId']);
      }
      for (const { deviceId, conflicts } of conflictsOnly) await tx.update(DevicePlaylistEntity, { deviceId }, { conflicts });
    });
  }

  /**
   * Active schedules of contents that may air, pinned to each content's currently approved revision.
   * Recurrences are expanded here, once per compile (not per device), into one-off local slot times.
   */
  private async activeScheduleSpecs(nowMs: number, horizonMs: number, extra: ScheduleEntity[] = []): Promise<ScheduleSpec[]> {
    const schedules = [...(await this.schedules.find({ where: { active: true } })), ...extra];
    if (schedules.length === 0) return [];
    const contents = await this.contents.findBy({ id: In([...new Set(schedules.map((s) => s.contentId))]) });
    const airable = new Map(contents.filter((c) => c.status !== 'withdrawn' && c.approvedRevisionId).map((c) => [c.id, c.approvedRevisionId!]));
    const revisions = await this.revisions.findBy({ id: In([...new Set(airable.values())]) });
    const titles = new Map(revisions.map((r) => [r.id, r.title]));
    const window = localWindowFor(nowMs, horizonMs, DEFAULT_GRACE_MS, this.config.timezone);
    const specs: ScheduleSpec[] = [];
    for (const s of schedules) {
      const revisionId = airable.get(s.contentId);
      if (!revisionId) continue;
      specs.push({
        id: s.id,
        contentId: s.contentId,
        revisionId,
        title: titles.get(revisionId) ?? '',
        priority: s.priority,
        targets: s.targets,
        window: { from: s.windowFrom?.toISOString(), until: s.windowUntil?.toISOString() },
        slots: this.slotSpec(s, window),
        repeat: s.repeat,
      });
    }
    return specs;
  }

  private slotSpec(s: ScheduleEntity, window: { fromLocal: string; untilLocal: string }): SlotSpec {
    switch (s.slots.mode) {
      case 'now':
      case 'times':
        return s.slots;
      case 'loop':
        return { mode: 'times', times: [] };
      case 'rrule':
        try {
          return { mode: 'times', times: expandRecurrence(s.slots, window, { timeZone: this.config.timezone }) };
        } catch (err) {
          this.logger.error(`排期 ${s.id} 的重复规则无法展开：${(err as Error).message}`);
          return { mode: 'times', times: [] };
        }
    }
  }

  /**
   * Specs and media for one profile. While a newly approved revision is still rendering for the profile, the
   * previously approved revision keeps airing (pinned with its own id and title): an edit must not take the item
   * off devices, nor make any recompile in between (another rendition ready, roll-forward) publish it missing.
   */
  private async airableFor(specs: ScheduleSpec[], profile: string): Promise<{ specs: ScheduleSpec[]; media: Record<string, MediaRef> }> {
    const media = await this.mediaFor([...new Set(specs.map((s) => s.revisionId))], profile);
    const rendering = specs.filter((s) => !media[s.revisionId]);
    if (rendering.length === 0) return { specs, media };
    // A superseded revision with a review date was approved once (superseded drafts were never reviewed).
    const previous = await this.revisions.find({
      where: { contentId: In([...new Set(rendering.map((s) => s.contentId))]), reviewState: 'superseded', reviewedAt: Not(IsNull()) },
      order: { number: 'DESC' },
    });
    if (previous.length === 0) return { specs, media };
    const rendered = await this.mediaFor(previous.map((r) => r.id), profile);
    const fallback = new Map<string, RevisionEntity>();
    for (const r of previous) if (rendered[r.id] && !fallback.has(r.contentId)) fallback.set(r.contentId, r);
    return {
      specs: specs.map((s) => {
        const f = media[s.revisionId] ? undefined : fallback.get(s.contentId);
        return f ? { ...s, revisionId: f.id, title: f.title } : s;
      }),
      media: { ...media, ...rendered },
    };
  }

  private async mediaFor(revisionIds: string[], profile: string): Promise<Record<string, MediaRef>> {
    const done = await this.renditions.doneFor(revisionIds, profile);
    const out: Record<string, MediaRef> = {};
    for (const [revisionId, r] of done) {
      out[revisionId] = {
        url: mediaUrl(r.sha256!, r.ext!, this.config.mediaBaseUrl),
        sha256: r.sha256!,
        size: r.size!,
        durationMs: r.durationMs!,
        mime: r.mime!,
      };
    }
    return out;
  }
}

/** The compiler's view of a device. */
export function compileDeviceOf(device: DeviceEntity): CompileDevice {
  return {
    id: device.id,
    kind: device.kind,
    profile: device.profile,
    regionCodes: regionChain(device.regionCode),
    tags: device.tags,
    quietHours: effectiveQuietHours(device),
    openingHours: device.openingHours ?? undefined,
  };
}
