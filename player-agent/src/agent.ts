import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import {
  DEFAULT_GRACE_MS,
  parseTopic,
  topics,
  type AgentErrorEvent,
  type AlertAck,
  type CommandPayload,
  type DeviceEventsBatch,
  type MediaRef,
  type PlaylistPayload,
  type SignedPayloadBase,
} from '@sunshine/playlists/device';
import { AgentStore } from './agent-store';
import { AlertMediaFetcher } from './alerts/alert-media';
import { AlertPlayer } from './alerts/alert-player';
import { MAX_VOLUME, MIN_VOLUME, type MediaPlayer } from './backends';
import { ClockOffsetEstimator } from './clock-offset';
import type { Clock, TimerHandle } from './clock';
import type { AgentConfig } from './config';
import { EnvelopeGuard, verifyingKeysFromPem, type GuardResult } from './envelope-guard';
import { createHttpGet, type HttpGet } from './http-get';
import { Journal } from './journal';
import { createJsonLogger, type Logger } from './log';
import { DEFAULT_START_JITTER_MS, MediaSync } from './media-sync';
import { MqttLink, type MqttConnect } from './mqtt-link';
import { Scheduler } from './scheduler';
import { VolumeControl } from './volume';

/** Keep in step with player-agent/package.json. */
export const AGENT_VERSION = '0.1.0';

/** Play logs per events message (DESIGN.md §6 batches). */
export const MAX_BATCH = 200;
/** A play log not acknowledged this long after it was sent is sent again. */
export const RESEND_AFTER_MS = 30_000;
/** Errors and command results wait in memory while offline; beyond this the oldest are dropped. */
const MAX_QUEUED_EVENTS = 100;
/** Alert answers matter more than errors: a larger offline queue before the oldest are dropped. */
const MAX_QUEUED_ALERT_ACKS = 500;
/**
 * 'received' and 'playing' wait a random 1–3 s and travel in one message: devices answering while the server is
 * still delivering the alert to the rest of them slow that delivery down (bench:fleet at 10,000 devices: the last
 * device had the alert 4.3 s after its publication with answers after 0.1–0.6 s). The duty officer's count of
 * devices on air is a few seconds behind instead. Final answers (success, failed, cancelled) go at once.
 */
const ALERT_ACK_DELAY_MIN_MS = 1_000;
const ALERT_ACK_DELAY_SPREAD_MS = 2_000;
/** Latest answers kept per alert to send again after a reconnect: this many alerts, for this long. */
const RESENT_ALERT_ACKS = 50;
const RESEND_ALERT_ACKS_FOR_MS = 24 * 3600_000;

type CommandResult = NonNullable<DeviceEventsBatch['commandResults']>[number];

export interface AgentDeps {
  clock: Clock;
  player: MediaPlayer;
  http?: HttpGet;
  mqttConnect?: MqttConnect;
  log?: Logger;
  /** Largest random delay before fetching media not due soon and the alert tone (DEFAULT_START_JITTER_MS); tests set 0. */
  mediaStartJitterMs?: number;
}

/**
 * One device: signed playlist in → verified, stored, media synced, played on the local clock, journalled →
 * play logs out until the server acknowledges them. Works offline from its data dir.
 */
export class PlayerAgent {
  private readonly log: Logger;
  private readonly store: AgentStore;
  private readonly journal: Journal;
  private readonly guard: EnvelopeGuard;
  private readonly media: MediaSync;
  private readonly scheduler: Scheduler;
  private readonly alerts: AlertPlayer;
  private readonly alertMedia: AlertMediaFetcher;
  private readonly link: MqttLink;
  private readonly graceMs: number;
  private readonly volume: VolumeControl;
  private playlist: PlaylistPayload | null = null;
  private readonly clockOffset = new ClockOffsetEstimator();
  private readonly queuedErrors: AgentErrorEvent[] = [];
  private readonly queuedResults: CommandResult[] = [];
  private readonly queuedAlertAcks: AlertAck[] = [];
  /**
   * The latest answer to each recent alert. Nothing tells the agent the server stored an answer, and a broker that
   * restarts (the embedded one goes down with the server) loses what it had not handed on: each (re)connection
   * sends these again, with their ids, so the server stores each once.
   */
  private readonly lastAlertAcks = new Map<string, AlertAck>();
  /** Play log id → when it was last sent on the current connection. */
  private readonly sentAt = new Map<string, number>();
  private resendTimer: TimerHandle | null = null;
  private alertAckTimer: TimerHandle | null = null;
  private stopping = false;

  constructor(
    private readonly config: AgentConfig,
    private readonly deps: AgentDeps,
  ) {
    const { clock } = deps;
    this.log = deps.log ?? createJsonLogger({ clock, base: { deviceId: config.deviceId } });
    this.graceMs = config.graceMs ?? DEFAULT_GRACE_MS;
    // One pool for media and alert downloads; a configured CA covers https:// as it covers mqtts://.
    const http = deps.http ?? (config.tls?.caPem ? createHttpGet({ ca: config.tls.caPem }) : undefined);
    this.store = new AgentStore(
      config.dataDir,
      (file, reason) => this.log.warn('本地状态文件损坏，已重置', { file, reason }),
      (file, reason) => this.log.error('保存本地状态失败', { file, reason }),
    );
    this.journal = new Journal(this.store.journalFile, {
      onDamagedLine: (line, text) => this.log.warn('播放记录日志有损坏的行，已跳过', { line, text: text.slice(0, 80) }),
    });
    this.guard = new EnvelopeGuard({ keys: verifyingKeysFromPem(config.publicKeyPem), clock, store: this.store });
    this.volume = new VolumeControl(deps.player, this.store);
    this.media = new MediaSync({
      mediaDir: this.store.mediaDir,
      serverUrl: config.serverUrl,
      clock,
      log: this.log,
      http,
      quotaBytes: config.cacheQuotaBytes,
      startJitterMs: deps.mediaStartJitterMs ?? DEFAULT_START_JITTER_MS,
      onError: (event) => this.queueError(event),
      onReady: () => {
        this.scheduler.poke();
        this.link.publishState();
      },
    });
    this.scheduler = new Scheduler({
      deviceId: config.deviceId,
      clock,
      player: deps.player,
      media: this.media,
      journal: this.journal,
      handled: this.store,
      log: this.log,
      graceMs: this.graceMs,
      onPlayed: () => this.flush(),
      onNowPlaying: () => this.link.publishState(),
    });
    this.alertMedia = new AlertMediaFetcher({
      dir: path.join(config.dataDir, 'alert-media'),
      serverUrl: config.serverUrl,
      clock,
      log: this.log,
      http,
      cached: (ref) => this.media.readyPath(ref),
      prefetchJitterMs: deps.mediaStartJitterMs ?? DEFAULT_START_JITTER_MS,
    });
    this.alerts = new AlertPlayer({
      clock,
      player: deps.player,
      media: this.alertMedia,
      schedule: this.scheduler,
      volume: this.volume,
      log: this.log,
      report: (ack) => this.queueAlertAck(ack),
      onError: (event) => this.queueError(event),
      onNowPlaying: () => this.link.publishState(),
    });
    this.link = new MqttLink({
      url: config.mqttUrl,
      deviceId: config.deviceId,
      token: config.token,
      clock,
      log: this.log,
      connect: deps.mqttConnect,
      tls: config.tls,
      state: () => ({
        agentVersion: AGENT_VERSION,
        nowPlaying: this.alerts.nowPlaying() ?? this.scheduler.nowPlaying(),
        volume: this.volume.level(),
        cacheBytes: this.media.cacheBytes(),
        clockOffsetMs: this.clockOffset.offsetMs(),
        playlistVersion: this.playlist?.version ?? null,
      }),
      onMessage: (topic, payload, retained) => this.onMessage(topic, payload, retained),
      onConnected: () => {
        // In-flight publishes of the previous connection are gone: everything unacknowledged goes again.
        this.sentAt.clear();
        this.requeueAlertAcks();
        this.flush();
        void this.alertMedia.prefetchTone();
      },
    });
  }

  start(): void {
    this.log.info('播放代理启动', { agentVersion: AGENT_VERSION, dataDir: this.config.dataDir, pendingPlayLogs: this.journal.pending().length });
    this.restorePlaylist();
    this.restoreAlerts();
    this.link.start();
    this.armResend();
  }

  /** Journals the interrupted play, sends what it can, publishes the offline state and disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.resendTimer) this.deps.clock.clearTimer(this.resendTimer);
    if (this.alertAckTimer) this.deps.clock.clearTimer(this.alertAckTimer);
    this.media.stop();
    this.alertMedia.stop();
    await this.alerts.stop();
    await this.scheduler.stop();
    this.flush();
    await this.link.stop();
    await this.store.flush();
    this.log.info('播放代理已停止', { pendingPlayLogs: this.journal.pending().length });
  }

  /** Play logs not yet acknowledged by the server. */
  pendingPlayLogs(): number {
    return this.journal.pending().length;
  }

  private restorePlaylist(): void {
    const raw = this.store.loadPlaylistRaw();
    if (!raw) return;
    const restored = this.guard.restorePlaylist(topics.playlist(this.config.deviceId), raw);
    if (restored.status === 'accepted') {
      this.log.info('已恢复本地节目单', { version: restored.payload.version, seq: restored.payload.seq, items: restored.payload.items.length });
      this.applyPlaylist(restored.payload);
    } else if (restored.status === 'rejected') {
      this.store.discardPlaylist();
      this.log.warn('本地节目单校验失败，已丢弃', { code: restored.error.code, message: restored.error.message });
      this.queueError(restored.error);
    }
  }

  /**
   * Alerts accepted before this start and not answered finally: the broker's retained copy is now a duplicate of
   * the accepted message, so without this a kill mid-alert would leave it neither aired nor answered.
   */
  private restoreAlerts(): void {
    for (const open of this.store.openAlerts()) {
      const restored = this.guard.restoreAlert(open.topic, open.raw);
      if (restored.status !== 'accepted') {
        this.store.closeAlert(open.alertId);
        if (restored.status === 'rejected') this.log.warn('本地保存的应急广播校验失败，已丢弃', { alertId: open.alertId, code: restored.error.code });
        continue;
      }
      this.alerts.resume(open.topic, restored.payload);
    }
    // Whatever was not resumed (no longer valid) got no final answer and must not come back at every start.
    for (const open of this.store.openAlerts()) if (!this.alerts.isTracked(open.alertId)) this.store.closeAlert(open.alertId);
  }

  private onMessage(topic: string, payload: Buffer, retained: boolean): void {
    if (this.stopping) return;
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'playlist') {
      const result = this.guard.acceptPlaylist(topic, payload);
      if (this.accepted(topic, result, retained)) this.onPlaylist(result.payload);
    } else if (parsed?.kind === 'command') {
      const result = this.guard.acceptCommand(topic, payload);
      if (this.accepted(topic, result, retained)) this.onCommand(result.payload);
    } else if (parsed?.kind === 'alert') {
      // An empty message is the server clearing the retained copy of an ended alert.
      if (payload.length === 0) return;
      const result = this.guard.acceptAlert(topic, payload);
      // An alert that ended while this device was away is normal, not an error worth reporting.
      if (result.status === 'rejected' && result.error.code === 'expired') return this.log.info('应急广播已过期，不播放', { topic, retained });
      if (!this.accepted(topic, result, retained)) return;
      const queued = this.alerts.receive(topic, result.payload);
      if (queued) this.store.keepOpenAlert(queued, { topic, raw: payload.toString() });
    }
  }

  /** Common outcome handling; true when the payload was accepted and should be acted on. */
  private accepted<P extends SignedPayloadBase>(topic: string, result: GuardResult<P>, retained: boolean): result is { status: 'accepted'; payload: P } {
    if (result.status === 'duplicate') {
      this.log.debug('重复的消息，已忽略', { topic });
      return false;
    }
    if (result.status === 'rejected') {
      this.log.warn('消息校验失败', { topic, code: result.error.code, message: result.error.message });
      this.queueError(result.error);
      return false;
    }
    // A retained message may be days old: only live ones say something about this device's clock.
    if (!retained) this.clockOffset.add(this.deps.clock.now(), result.payload.issuedAt);
    return true;
  }

  private onPlaylist(playlist: PlaylistPayload): void {
    const unchanged = playlist.version === this.playlist?.version;
    this.log.info('收到节目单', { version: playlist.version, seq: playlist.seq, items: playlist.items.length, loop: playlist.loop.length, unchanged });
    this.applyPlaylist(playlist);
  }

  private applyPlaylist(playlist: PlaylistPayload): void {
    const changed = playlist.version !== this.playlist?.version;
    this.playlist = playlist;
    this.store.pruneHandled(Math.min(Date.parse(playlist.horizon.from), this.deps.clock.now() - this.graceMs));
    this.link.setAlertRegions(playlist.regionCodes);
    this.scheduler.update(playlist);
    if (changed) {
      this.link.publishState();
      const needed = this.mediaNeeded(playlist);
      void this.media.sync(needed.refs, needed.dueAtMs);
    }
  }

  /** Timed items still to come within the horizon (earliest first), then the loop set; with each timed one's first airing. */
  private mediaNeeded(playlist: PlaylistPayload): { refs: MediaRef[]; dueAtMs: Map<string, number> } {
    const from = this.deps.clock.now() - this.graceMs;
    const until = Date.parse(playlist.horizon.until);
    const timed = playlist.items
      .map((item) => ({ item, startMs: Date.parse(item.startAt) }))
      .filter(({ startMs }) => startMs >= from && startMs <= until)
      .sort((a, b) => a.startMs - b.startMs);
    const dueAtMs = new Map<string, number>();
    for (const { item, startMs } of timed) if (!dueAtMs.has(item.media.sha256)) dueAtMs.set(item.media.sha256, startMs);
    return { refs: [...timed.map(({ item }) => item.media), ...playlist.loop.map((l) => l.media)], dueAtMs };
  }

  private onCommand(payload: CommandPayload): void {
    const { command, commandId } = payload;
    this.log.info('收到命令', { commandId, type: command.type });
    const at = new Date(this.deps.clock.now()).toISOString();
    switch (command.type) {
      case 'playlog-ack': {
        const acked = this.journal.ack(command.ids);
        for (const id of command.ids) this.sentAt.delete(id);
        this.log.info('播放记录已确认', { acked, pending: this.journal.pending().length });
        return;
      }
      case 'sync-now':
        if (this.playlist) {
          // The operator asked for it now: no start jitter.
          const needed = this.mediaNeeded(this.playlist);
          void this.media.sync(needed.refs, new Map(needed.refs.map((r) => [r.sha256, this.deps.clock.now()])));
        }
        this.flush();
        return this.queueResult({ commandId, ok: true, at });
      case 'stop':
        this.scheduler.stopCurrent('stopped-by-command');
        return this.queueResult({ commandId, ok: true, at });
      case 'identify':
        this.log.info('识别设备', { commandId });
        return this.queueResult({ commandId, ok: true, at });
      case 'set-volume':
        return this.setVolume(commandId, command.volume, at);
      default:
        return this.queueResult({ commandId, ok: false, message: `未知命令：${(command as { type: string }).type}`, at });
    }
  }

  private setVolume(commandId: string, volume: unknown, at: string): void {
    if (typeof volume !== 'number' || !Number.isInteger(volume) || volume < MIN_VOLUME || volume > MAX_VOLUME) {
      return this.queueResult({ commandId, ok: false, message: `音量无效：${String(volume)}（应为 0–100 的整数）`, at });
    }
    const applied = this.volume.set(volume);
    this.log.info('音量已设置', { commandId, volume, applied });
    this.link.publishState();
    if (!applied) {
      return this.queueResult({ commandId, ok: false, message: `音量 ${volume} 已保存，但当前播放后端无法调节音量（命令模板中没有 {volume}）`, at });
    }
    this.queueResult({ commandId, ok: true, message: `音量已设为 ${volume}`, at });
  }

  private queueError(event: AgentErrorEvent): void {
    this.queuedErrors.push(event);
    this.queuedErrors.splice(0, this.queuedErrors.length - MAX_QUEUED_EVENTS);
    this.flush();
  }

  private queueAlertAck(ack: AlertAck): void {
    if (ack.state === 'success' || ack.state === 'failed' || ack.state === 'cancelled') this.store.closeAlert(ack.alertId);
    this.lastAlertAcks.delete(ack.alertId);
    this.lastAlertAcks.set(ack.alertId, ack);
    if (this.lastAlertAcks.size > RESENT_ALERT_ACKS) this.lastAlertAcks.delete(this.lastAlertAcks.keys().next().value!);
    this.queuedAlertAcks.push(ack);
    this.queuedAlertAcks.splice(0, this.queuedAlertAcks.length - MAX_QUEUED_ALERT_ACKS);
    if (ack.state === 'received' || ack.state === 'playing') {
      this.alertAckTimer ??= this.deps.clock.setTimer(() => {
        this.alertAckTimer = null;
        this.flush();
      }, ALERT_ACK_DELAY_MIN_MS + Math.floor(Math.random() * ALERT_ACK_DELAY_SPREAD_MS));
      return;
    }
    if (this.alertAckTimer) this.deps.clock.clearTimer(this.alertAckTimer);
    this.alertAckTimer = null;
    this.flush();
  }

  private requeueAlertAcks(): void {
    const now = this.deps.clock.now();
    const queued = new Set(this.queuedAlertAcks.map((a) => a.id));
    for (const [alertId, ack] of this.lastAlertAcks) {
      if (now - Date.parse(ack.at) > RESEND_ALERT_ACKS_FOR_MS) this.lastAlertAcks.delete(alertId);
      else if (!queued.has(ack.id)) this.queuedAlertAcks.push(ack);
    }
  }

  private queueResult(result: CommandResult): void {
    this.queuedResults.push(result);
    this.queuedResults.splice(0, this.queuedResults.length - MAX_QUEUED_EVENTS);
    this.flush();
  }

  /** Sends play logs never sent (or unacknowledged for RESEND_AFTER_MS) plus queued errors and command results. */
  private flush(): void {
    if (!this.link.isConnected()) return;
    const now = this.deps.clock.now();
    const due = this.journal.pending().filter((e) => {
      const sent = this.sentAt.get(e.id);
      return sent === undefined || now - sent >= RESEND_AFTER_MS;
    });
    const errors = this.queuedErrors.splice(0);
    const commandResults = this.queuedResults.splice(0);
    const alertAcks = this.queuedAlertAcks.splice(0);
    if (due.length === 0 && errors.length === 0 && commandResults.length === 0 && alertAcks.length === 0) return;

    // At least one batch, even with no play logs, when only errors or command results are queued.
    for (let i = 0; i === 0 || i < due.length; i += MAX_BATCH) {
      const playLogs = due.slice(i, i + MAX_BATCH);
      const batch: DeviceEventsBatch = { kind: 'events', deviceId: this.config.deviceId, batchId: randomUUID(), sentAt: new Date(now).toISOString(), playLogs };
      if (i === 0 && errors.length > 0) batch.errors = errors;
      if (i === 0 && commandResults.length > 0) batch.commandResults = commandResults;
      if (i === 0 && alertAcks.length > 0) batch.alertAcks = alertAcks;
      if (!this.link.publishEvents(batch)) {
        if (i === 0) {
          this.queuedErrors.unshift(...errors);
          this.queuedResults.unshift(...commandResults);
          this.queuedAlertAcks.unshift(...alertAcks);
        }
        return;
      }
      for (const entry of playLogs) this.sentAt.set(entry.id, now);
      this.log.info('上报事件', { batchId: batch.batchId, playLogs: playLogs.length, errors: batch.errors?.length ?? 0, commandResults: batch.commandResults?.length ?? 0, alertAcks: batch.alertAcks?.length ?? 0 });
    }
  }

  private armResend(): void {
    this.resendTimer = this.deps.clock.setTimer(() => {
      this.flush();
      this.armResend();
    }, RESEND_AFTER_MS);
  }
}
