import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { regionChain } from '@sunshine/devices';
import {
  CompileConflict,
  compilePlaylist,
  MediaRef,
  PlaylistPayload,
  ScheduleSpec,
  targetsDevice,
  topics,
} from '@sunshine/playlists';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DevicesChangedEvent, DomainEvent, PlaylistPublishedEvent } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentEntity } from '../contents/content.entity';
import { RevisionEntity } from '../contents/revision.entity';
import { DeviceEntity } from '../devices/device.entity';
import { effectiveQuietHours } from '../devices/devices.service';
import { RenditionsService } from '../media/renditions.service';
import { ScheduleEntity } from '../schedules/schedule.entity';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { DevicePlaylistEntity } from './device-playlist.entity';
import { mediaUrl } from './media-url';

export interface RecompileReport {
  deviceIds: string[];
  published: string[];
  conflicts: Array<CompileConflict & { deviceId: string }>;
}

/** How often every playlist is recompiled so the materialised horizon rolls forward. */
const ROLL_FORWARD_MS = 60 * 60_000;

/**
 * Compiles, signs and publishes device playlists. Recompiles run one at a time; a device whose compiled
 * version is unchanged is not republished, so agents see nothing new.
 */
@Injectable()
export class PlaylistsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Playlists');
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(ScheduleEntity) private readonly schedules: Repository<ScheduleEntity>,
    @InjectRepository(ContentEntity) private readonly contents: Repository<ContentEntity>,
    @InjectRepository(RevisionEntity) private readonly revisions: Repository<RevisionEntity>,
    @InjectRepository(DevicePlaylistEntity) private readonly published: Repository<DevicePlaylistEntity>,
    private readonly renditions: RenditionsService,
    private readonly publisher: SignedPublisher,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recompile().catch((e: Error) => this.logger.error(e.message)), ROLL_FORWARD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  @OnEvent(DomainEvent.RenditionReady)
  @OnEvent(DomainEvent.SchedulesChanged)
  onContentChanged(): void {
    void this.recompile().catch((e: Error) => this.logger.error(`播放列表编译失败：${e.message}`));
  }

  @OnEvent(DomainEvent.DevicesChanged)
  onDevicesChanged(e: DevicesChangedEvent): void {
    void this.recompile(e.deviceIds).catch((err: Error) => this.logger.error(`播放列表编译失败：${err.message}`));
  }

  /** Compiles for the devices a new schedule reaches and reports what the operator should see. */
  async recompileForSchedule(schedule: ScheduleEntity): Promise<RecompileReport> {
    const all = await this.devices.find({ where: { active: true } });
    const targeted = all
      .filter((d) => targetsDevice(schedule.targets, { id: d.id, kind: d.kind, regionCodes: regionChain(d.regionCode), tags: d.tags }))
      .map((d) => d.id);
    const report = await this.recompile(targeted);
    return { ...report, conflicts: report.conflicts.filter((c) => c.scheduleId === schedule.id) };
  }

  /** Recompiles the given devices (all active devices when omitted), serialised with other recompiles. */
  recompile(deviceIds?: string[]): Promise<RecompileReport> {
    const run = this.chain.then(() => this.doRecompile(deviceIds));
    this.chain = run.catch(() => undefined);
    return run;
  }

  async current(deviceId: string): Promise<DevicePlaylistEntity | null> {
    return this.published.findOneBy({ deviceId });
  }

  private async doRecompile(deviceIds?: string[]): Promise<RecompileReport> {
    const devices = await this.devices.find({ where: deviceIds ? { id: In(deviceIds), active: true } : { active: true } });
    const specs = await this.activeScheduleSpecs();
    const revisionIds = [...new Set(specs.map((s) => s.revisionId))];
    const mediaByProfile = new Map<string, Record<string, MediaRef>>();
    const report: RecompileReport = { deviceIds: devices.map((d) => d.id), published: [], conflicts: [] };
    const nowMs = this.clock.nowMs();
    for (const device of devices) {
      let media = mediaByProfile.get(device.profile);
      if (!media) {
        media = await this.mediaFor(revisionIds, device.profile);
        mediaByProfile.set(device.profile, media);
      }
      const { playlist, conflicts } = compilePlaylist({
        device: { id: device.id, kind: device.kind, profile: device.profile, regionCodes: regionChain(device.regionCode), tags: device.tags, quietHours: effectiveQuietHours(device) },
        schedules: specs,
        media,
        nowMs,
        horizonMs: this.config.playlistHorizonMs,
        timezone: this.config.timezone,
      });
      report.conflicts.push(...conflicts.map((c) => ({ ...c, deviceId: device.id })));
      const previous = await this.published.findOneBy({ deviceId: device.id });
      if (previous?.version === playlist.version) continue;
      const payload: PlaylistPayload = { ...playlist, ...this.publisher.stamp(this.config.playlistHorizonMs) };
      const envelope = await this.publisher.publish(topics.playlist(device.id), payload, { retain: true });
      await this.published.save({
        deviceId: device.id,
        version: playlist.version,
        seq: String(payload.seq),
        envelope,
        conflicts,
        publishedAt: new Date(nowMs),
      });
      report.published.push(device.id);
      const event: PlaylistPublishedEvent = { deviceId: device.id, version: playlist.version, items: playlist.items.length };
      this.events.emit(DomainEvent.PlaylistPublished, event);
    }
    if (report.published.length > 0) this.logger.log(`已向 ${report.published.length} 台设备发布新的播放列表`);
    return report;
  }

  /** Active schedules of contents that may air, pinned to each content's currently approved revision. */
  private async activeScheduleSpecs(): Promise<ScheduleSpec[]> {
    const schedules = await this.schedules.find({ where: { active: true } });
    if (schedules.length === 0) return [];
    const contents = await this.contents.findBy({ id: In([...new Set(schedules.map((s) => s.contentId))]) });
    const airable = new Map(contents.filter((c) => c.status !== 'withdrawn' && c.approvedRevisionId).map((c) => [c.id, c.approvedRevisionId!]));
    const revisions = await this.revisions.findBy({ id: In([...new Set(airable.values())]) });
    const titles = new Map(revisions.map((r) => [r.id, r.title]));
    return schedules
      .filter((s) => airable.has(s.contentId))
      .map((s) => {
        const revisionId = airable.get(s.contentId)!;
        return {
          id: s.id,
          contentId: s.contentId,
          revisionId,
          title: titles.get(revisionId) ?? '',
          priority: s.priority,
          targets: s.targets,
          window: { from: s.windowFrom?.toISOString(), until: s.windowUntil?.toISOString() },
          slots: s.slots,
          repeat: s.repeat,
        };
      });
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
