import { randomUUID } from 'node:crypto';
import type { AgentErrorEvent, AlertAck, AlertAckState, AlertFailureReason, AlertPayload, LoopItem, MediaRef, SignedPayloadBase } from '@sunshine/playlists/device';
import type { MediaPlayer, PlayHandle } from '../backends';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { NowPlaying } from '../scheduler';
import type { AlertMediaFetcher } from './alert-media';
import { checkAlertPayload } from './alert-payload';

/** How long an alert waits for its media before it airs what it has (the tone alone, if that). */
export const ALERT_FETCH_TIMEOUT_MS = 3_000;
/**
 * With the tone at hand (it plays for 3 s), the speech download starts at a random point of this first second:
 * a whole town asking for the same file in the same millisecond is load on the server while it is still
 * delivering the alert to the rest of the town.
 */
export const SPEECH_FETCH_SPREAD_MS = 1_000;
/**
 * After a tone the device waits this long in silence for the speech before it sounds the tone again: a short pause
 * after the tone is better than a tone with no message, when a whole town fetches the same file over weak links.
 */
export const SPEECH_GRACE_MS = 2_000;
/**
 * How long after receipt an alert keeps waiting for its speech (tone, pause, tone again …) before it gives up and
 * answers failed-media. The message is what people must hear: twenty seconds late is worth far more than a tone
 * alone, and a prefecture's 10,000 devices asking one server for the same file take it several seconds
 * (bench:fleet: 98 % of them missed a five-second limit).
 */
export const SPEECH_WAIT_MAX_MS = 30_000;

/** The part of the scheduler an alert needs: stop what plays and hold the schedule, then let it go on. */
export interface AlertSchedule {
  /** Stops the current item (journalled as interrupted, preempted-by-alert); resolves once that is journalled. */
  pauseForAlert(): Promise<void>;
  resumeAfterAlert(): void;
}

export interface AlertVolume {
  override(volume: number): void;
  restore(): void;
}

export interface AlertPlayerDeps {
  clock: Clock;
  player: MediaPlayer;
  media: Pick<AlertMediaFetcher, 'fetch' | 'readyPath'>;
  schedule: AlertSchedule;
  /** Alerts play at the volume their payload asks for; the device's own level comes back afterwards. */
  volume?: AlertVolume;
  log: Logger;
  /** Per-alert answers for the server (events topic). */
  report: (ack: AlertAck) => void;
  onError: (event: AgentErrorEvent) => void;
  /**
   * Called when an alert stops playing. Not when it starts: the 'playing' ack says that, and a thousand state
   * messages at once would compete with the alert still being delivered to the other devices.
   */
  onNowPlaying?: () => void;
  fetchTimeoutMs?: number;
  /** [0, 1); Math.random unless a test pins it. */
  random?: () => number;
}

type Phase = 'queued' | 'playing' | 'done' | 'cancelled';

interface Tracked {
  alert: AlertPayload;
  phase: Phase;
  receivedAt: number;
  expiresAtMs: number;
  /** Resolves on cancel or agent stop, so waiting for media ends at once. */
  halted: Promise<null>;
  halt: () => void;
  handle: PlayHandle | null;
  since: number | null;
  /** Fetches started on receipt; null when the file was not there by the deadline. */
  tone: Promise<string | null>;
  speech: Promise<string | null>;
}

/**
 * Emergency broadcasts on the device: pre-empt the schedule, play tone + speech `repeat` times (quiet hours do
 * not apply: they only shape the compiled playlist), answer received → playing → success | failed | cancelled,
 * then hand the loudspeaker back to the schedule. The same alertId arrives once per subscribed region topic;
 * it airs once. Several alerts queue, most severe level first.
 */
export class AlertPlayer {
  private readonly alerts = new Map<string, Tracked>();
  private queue: Tracked[] = [];
  private current: Tracked | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: AlertPlayerDeps) {}

  /**
   * A verified alert envelope's payload, from any of the device's region topics. Returns its id when it was queued
   * to air (a new alert in force): the caller keeps it until it is answered finally.
   */
  receive(topic: string, payload: SignedPayloadBase): string | null {
    const checked = checkAlertPayload(payload);
    if (!checked.ok) {
      const message = `应急广播内容无效：${checked.errors.join('；')}`;
      this.deps.log.warn('应急广播内容无效', { topic, errors: checked.errors });
      this.deps.onError({ id: randomUUID(), at: this.iso(this.deps.clock.now()), code: 'invalid-payload', message, topic });
      return null;
    }
    return this.handle(checked.value) ? checked.value.alertId : null;
  }

  /**
   * An alert accepted before a restart and never answered finally (the agent was killed or stopped while it was
   * queued or playing): it airs again from the start if still in force — an emergency is better heard twice than
   * never — else it is answered failed (expired). Either way the server gets a final answer.
   */
  resume(topic: string, payload: SignedPayloadBase): void {
    const checked = checkAlertPayload(payload);
    if (!checked.ok || checked.value.status !== 'active' || this.alerts.has(checked.value.alertId)) return;
    const alert = checked.value;
    if (this.deps.clock.now() >= Date.parse(alert.expiresAt)) {
      this.deps.log.info('重启前未播完的应急广播已过期', { alertId: alert.alertId, topic });
      return this.finish(this.track(alert, 'done'), 'failed', 'expired');
    }
    this.deps.log.info('重启后重播未播完的应急广播', { alertId: alert.alertId, topic });
    this.handle(alert);
  }

  isTracked(alertId: string): boolean {
    return this.alerts.has(alertId);
  }

  nowPlaying(): NowPlaying | null {
    const t = this.current;
    if (!t || t.since === null) return null;
    return { contentId: t.alert.alertId, slotId: null, title: `应急广播：${t.alert.title}`, since: this.iso(t.since) };
  }

  /** Stops at once for good; the schedule is not resumed (the agent is stopping too). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.current, ...this.queue]) t?.halt();
    this.current?.handle?.stop();
    this.queue = [];
    await this.running;
  }

  /** True when the alert was queued to air. */
  private handle(alert: AlertPayload): boolean {
    this.forgetEnded();
    const known = this.alerts.get(alert.alertId);
    if (alert.status === 'cancelled') return (this.cancel(alert, known), false);
    if (known) return (this.deps.log.debug('重复的应急广播，已忽略', { alertId: alert.alertId, phase: known.phase }), false);
    if (this.deps.clock.now() >= Date.parse(alert.expiresAt)) return (this.deps.log.info('应急广播已过期，不播放', { alertId: alert.alertId }), false);
    const t = this.track(alert, 'queued');
    const { alertId, level, title, repeat, volume } = alert;
    this.deps.log.info('收到应急广播', { alertId, level, title, repeat, volume });
    this.ack(t, 'received');
    this.fetchMedia(t);
    this.queue.push(t);
    this.queue.sort((a, b) => a.alert.level - b.alert.level || a.receivedAt - b.receivedAt);
    this.pump();
    return true;
  }

  private cancel(alert: AlertPayload, t: Tracked | undefined): void {
    if (!t) {
      // Cancelled before it reached this device: remember it so a late copy on another topic never airs.
      this.ack(this.track(alert, 'cancelled'), 'cancelled');
      return this.deps.log.info('应急广播已撤销（未播出）', { alertId: alert.alertId });
    }
    if (t.phase === 'done' || t.phase === 'cancelled') return;
    const wasPlaying = t.phase === 'playing';
    t.phase = 'cancelled';
    this.queue = this.queue.filter((q) => q !== t);
    t.halt();
    t.handle?.stop();
    this.ack(t, 'cancelled');
    this.deps.log.info('应急广播已撤销', { alertId: alert.alertId, wasPlaying });
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.pump();
    });
  }

  private async drain(): Promise<void> {
    await this.deps.schedule.pauseForAlert();
    try {
      for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) await this.play(next);
    } finally {
      this.deps.volume?.restore();
    }
    if (!this.stopped) this.deps.schedule.resumeAfterAlert();
  }

  private async play(t: Tracked): Promise<void> {
    const { alert } = t;
    if (this.deps.clock.now() >= t.expiresAtMs) return this.finish(t, 'failed', 'expired');
    t.phase = 'playing';
    this.current = t;
    // A download that missed the deadline may have finished while the alert waited its turn.
    const again = (ref: MediaRef | null, deadline: number) => (file: string | null) => file ?? (ref ? this.deps.media.fetch(ref, deadline) : null);
    const tone = await this.orHalt(t, t.tone.then(again(alert.media.tone, t.receivedAt + this.fetchTimeoutMs)));
    const speechFetch = this.orHalt(t, t.speech.then(again(alert.media.speech, t.receivedAt + SPEECH_WAIT_MAX_MS)));
    let speech: string | null | undefined;
    let spoken = 0;
    let playerError: string | null = null;
    for (let round = 0; round < alert.repeat && !this.isHalted(t) && !playerError; round++) {
      if (tone) playerError = await this.playPart(t, tone, alert.media.tone, 'tone', round + 1);
      if (playerError || this.isHalted(t)) break;
      if (speech === undefined) ({ speech, playerError } = await this.awaitSpeech(t, tone, speechFetch, round + 1));
      if (playerError || this.isHalted(t)) break;
      // Speech that missed the first round's deadline may have arrived during this round's tone: say it now.
      if (speech === null && alert.media.speech) speech = this.deps.media.readyPath(alert.media.speech);
      if (speech && alert.media.speech) {
        playerError = await this.playPart(t, speech, alert.media.speech, 'speech', round + 1);
        if (!playerError) spoken++;
      }
      if (!tone && !speech) break;
    }
    this.current = null;
    this.deps.onNowPlaying?.();
    if (this.isHalted(t)) return;
    if (playerError) {
      this.deps.log.error('应急广播播放失败', { alertId: alert.alertId, error: playerError });
      return this.finish(t, 'failed', 'player-error');
    }
    if (!tone && !speech) return this.finish(t, 'failed', 'no-media');
    if (spoken < alert.repeat) return this.finish(t, 'failed', 'failed-media');
    this.finish(t, 'success');
  }

  /**
   * The speech, waiting up to SPEECH_GRACE_MS in silence at a time and sounding the tone again in between, until
   * it is there or the fetch gives up (SPEECH_WAIT_MAX_MS after receipt). Without a tone it waits in silence.
   */
  private async awaitSpeech(t: Tracked, tone: string | null, speechFetch: Promise<string | null>, round: number): Promise<{ speech: string | null; playerError: string | null }> {
    const ref = t.alert.media.speech;
    if (!ref) return { speech: null, playerError: null };
    for (;;) {
      const pause = this.sleep(SPEECH_GRACE_MS).then(() => undefined);
      const got = await Promise.race([speechFetch, pause]);
      if (got !== undefined) return { speech: got, playerError: null };
      // No tone to sound, or the wait is over (the fetch answers at that moment): the fetch has the last word.
      if (!tone || this.deps.clock.now() >= t.receivedAt + SPEECH_WAIT_MAX_MS) return { speech: await speechFetch, playerError: null };
      if (this.isHalted(t)) return { speech: null, playerError: null };
      const playerError = await this.playPart(t, tone, t.alert.media.tone, 'tone', round);
      if (playerError || this.isHalted(t)) return { speech: null, playerError };
      const ready = this.deps.media.readyPath(ref);
      if (ready) return { speech: ready, playerError: null };
    }
  }

  /** Plays one file to its end; returns the player's failure reason, or null. */
  private async playPart(t: Tracked, file: string, media: MediaRef, part: 'tone' | 'speech', round: number): Promise<string | null> {
    const { alert } = t;
    if (t.since === null) {
      t.since = this.deps.clock.now();
      this.deps.volume?.override(alert.volume);
      this.ack(t, 'playing');
      this.deps.log.info('开始播放应急广播', { alertId: alert.alertId, volume: alert.volume });
    }
    this.deps.log.info('播放应急广播片段', { alertId: alert.alertId, part, round });
    const item: LoopItem = { scheduleId: 'alert', contentId: alert.alertId, revisionId: alert.alertId, title: alert.title, media };
    t.handle = this.deps.player.play(file, item);
    const result = await t.handle.done;
    t.handle = null;
    return result.ok || this.isHalted(t) ? null : (result.reason ?? 'unknown');
  }

  private finish(t: Tracked, state: Extract<AlertAckState, 'success' | 'failed'>, reason?: AlertFailureReason): void {
    t.phase = 'done';
    this.ack(t, state, reason);
    this.deps.log.info('应急广播播放结束', { alertId: t.alert.alertId, state, reason });
  }

  /** Starts on receipt, even behind another alert, so the media is there when its turn comes. */
  private fetchMedia(t: Tracked): void {
    const { tone, speech } = t.alert.media;
    const deadline = t.receivedAt + this.fetchTimeoutMs;
    const toneAtHand = this.deps.media.readyPath(tone) !== null;
    t.tone = this.deps.media.fetch(tone, deadline);
    if (!speech) return;
    const spreadMs = toneAtHand ? Math.floor((this.deps.random ?? Math.random)() * SPEECH_FETCH_SPREAD_MS) : 0;
    t.speech = this.sleep(spreadMs).then(() => this.deps.media.fetch(speech, t.receivedAt + SPEECH_WAIT_MAX_MS));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimer(resolve, ms));
  }

  private track(alert: AlertPayload, phase: Phase): Tracked {
    let halt: () => void = () => undefined;
    const halted = new Promise<null>((resolve) => (halt = () => resolve(null)));
    const none = Promise.resolve(null);
    const t: Tracked = { alert, phase, receivedAt: this.deps.clock.now(), expiresAtMs: Date.parse(alert.expiresAt), halted, halt, handle: null, since: null, tone: none, speech: none };
    this.alerts.set(alert.alertId, t);
    return t;
  }

  private isHalted(t: Tracked): boolean {
    return this.stopped || t.phase === 'cancelled';
  }

  private orHalt(t: Tracked, work: Promise<string | null>): Promise<string | null> {
    return Promise.race([work, t.halted]);
  }

  /** Ended alerts are remembered until they expire: a later copy (another topic, a reconnect) stays ignored. */
  private forgetEnded(): void {
    const now = this.deps.clock.now();
    for (const [id, t] of this.alerts) {
      if ((t.phase === 'done' || t.phase === 'cancelled') && t.expiresAtMs <= now) this.alerts.delete(id);
    }
  }

  private ack(t: Tracked, state: AlertAckState, reason?: string): void {
    const ack: AlertAck = { id: randomUUID(), alertId: t.alert.alertId, state, at: this.iso(this.deps.clock.now()) };
    if (reason) ack.reason = reason;
    this.deps.report(ack);
  }

  private get fetchTimeoutMs(): number {
    return this.deps.fetchTimeoutMs ?? ALERT_FETCH_TIMEOUT_MS;
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}
