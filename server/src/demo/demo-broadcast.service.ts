import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DEMO_COUNTY } from '@sunshine/seeds';
import { AuthUser } from '../auth/auth.decorators';
import { UsersService } from '../auth/users.service';
import { DomainEvent, PlaylistPublishedEvent, PlayLogsStoredEvent, RenditionReadyEvent } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContentsService } from '../contents/contents.service';
import { SchedulesService } from '../schedules/schedules.service';
import { DemoAgentsService } from './demo-agents.service';
import { DemoSeeder } from './demo-seeder.service';

/**
 * Shows the whole chain working on start: the demo notice is written, approved, rendered, scheduled "now" to
 * every demo loudspeaker, played by the simulated agents and logged — each step in the console.
 */
@Injectable()
export class DemoBroadcastService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  private contentId: string | null = null;
  private speakers = new Set<string>();
  private readonly played = new Set<string>();
  private readonly published = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seeder: DemoSeeder,
    private readonly agents: DemoAgentsService,
    private readonly users: UsersService,
    private readonly contents: ContentsService,
    private readonly schedules: SchedulesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seeder.seedIfEmpty();
    if (!this.config.demoAgents) {
      this.logger.log('已关闭模拟终端（--no-demo-agents），不自动演示播出');
      return;
    }
    const credentials = this.seeder.readAgentCredentials();
    if (credentials.length === 0) return;
    this.agents.start(this.seeder.agentsFile, credentials.length);
    // Let the HTTP listener come up before the chain starts; the broadcast itself does not wait on agents.
    setImmediate(() => void this.broadcast().catch((e: Error) => this.logger.error(`演示播出失败：${e.message}`)));
  }

  @OnEvent(DomainEvent.RenditionReady)
  onRendered(e: RenditionReadyEvent): void {
    // Screens' video renditions follow; the story told here is the loudspeaker one.
    if (this.contentId && e.profile === 'speaker') this.logger.log(`① 演示通知已渲染（喇叭版 MP3，sha256 ${e.sha256.slice(0, 12)}…）`);
  }

  @OnEvent(DomainEvent.PlaylistPublished)
  onPublished(e: PlaylistPublishedEvent): void {
    if (!this.speakers.has(e.deviceId) || e.items === 0 || this.published.has(e.deviceId)) return;
    this.published.add(e.deviceId);
    if (this.published.size === this.speakers.size) this.logger.log(`② 已签名（Ed25519）并通过 MQTT 保留消息发布播放列表到 ${this.published.size} 台喇叭`);
  }

  @OnEvent(DomainEvent.PlayLogsStored)
  onPlayed(e: PlayLogsStoredEvent): void {
    for (const log of e.logs) {
      if (log.contentId !== this.contentId || !this.speakers.has(e.deviceId)) continue;
      this.played.add(e.deviceId);
      this.logger.log(`③ ${e.deviceId} 播放${log.outcome === 'completed' ? '完成' : `结束（${log.outcome}）`}，时长 ${(log.playedMs / 1000).toFixed(1)} 秒，播放记录已入库（${this.played.size}/${this.speakers.size}）`);
    }
    if (this.played.size === this.speakers.size && this.speakers.size > 0) {
      this.logger.log(`演示完成：${this.speakers.size} 台村村通喇叭全部播出演示通知并回传播放记录。查询：GET /api/playlogs?contentId=${this.contentId}`);
      this.speakers = new Set();
    }
  }

  private async broadcast(): Promise<void> {
    const editor = await this.actor('editor');
    const reviewer = await this.actor('reviewer');
    const notice = DEMO_COUNTY.notices[0];
    const existing = (await this.contents.list()).find((c) => c.latest.title === notice.title && c.status === 'approved');
    let contentId = existing?.id;
    if (!contentId) {
      const created = await this.contents.create({ title: notice.title, body: notice.body, department: notice.department, voice: notice.voice }, editor);
      await this.contents.submit(created.id, editor);
      contentId = created.id;
    }
    this.contentId = contentId;
    this.speakers = new Set(DEMO_COUNTY.devices.filter((d) => d.kind === 'speaker').map((d) => d.id));
    if (!existing) {
      await this.contents.approve(contentId, reviewer, '演示：审核通过');
      this.logger.log(`演示通知《${notice.title}》已由编辑撰写、审核员审核通过，正在渲染…`);
    }
    const created = await this.schedules.create({ contentId, targets: { deviceIds: [...this.speakers] }, now: true }, editor);
    this.logger.log(`演示排期已创建：立即播出，目标 ${created.targetedDevices.length} 台喇叭`);
  }

  private async actor(username: string): Promise<AuthUser> {
    const u = await this.users.findByUsername(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return { id: u.id, username: u.username, roles: u.roles, scopeRegionCode: u.scopeRegionCode };
  }
}
