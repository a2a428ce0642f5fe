import type { AgentErrorEvent, AlertAck, AlertPayload, MediaRef, PlayLogEntry } from '@sunshine/playlists';
import { NullPlayer, type MediaPlayer, type PlayableItem, type PlayHandle } from '../backends';
import { PREEMPTED_BY_ALERT, Scheduler } from '../scheduler';
import { FakeClock } from '../testing/fake-clock';
import { media, playlist, timelineItem } from '../testing/fixtures';
import { memoryLogger } from '../testing/memory-logger';
import { VolumeControl } from '../volume';
import { AlertPlayer, SPEECH_WAIT_MAX_MS } from './alert-player';

const T0 = Date.parse('2025-03-03T00:00:00Z');
const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
const TOWN_TOPIC = 'sunshine/v1/alerts/530102001000';
const COUNTY_TOPIC = 'sunshine/v1/alerts/530102000000';

const tone = media('alert-tone', 3_000);
const speech = media('青石镇山洪预警', 10_000);
const notice = media('防汛通知', 60_000);
const later = media('医保缴费提醒', 20_000);

class RecordingPlayer implements MediaPlayer {
  readonly plays: Array<{ at: number; sha256: string; contentId: string; volume: number | null }> = [];
  stops = 0;
  constructor(
    private readonly inner: NullPlayer,
    private readonly clock: FakeClock,
  ) {}
  play(file: string, item: PlayableItem): PlayHandle {
    this.plays.push({ at: this.clock.now() - T0, sha256: item.media.sha256, contentId: item.contentId, volume: this.inner.volume });
    const handle = this.inner.play(file, item);
    return { done: handle.done, stop: () => (this.stops++, handle.stop()) };
  }
}

/** Media that becomes fetchable at a given offset from T0 (never when absent), answering by the deadline like the real fetcher. */
class FakeAlertMedia {
  private readonly availableAt = new Map<string, number>();
  /** Offset from T0 of every fetch request, by file. */
  readonly requested: Array<{ at: number; sha256: string }> = [];
  constructor(private readonly clock: FakeClock) {}
  offer(ref: MediaRef, offsetMs = 0): void {
    this.availableAt.set(ref.sha256, T0 + offsetMs);
  }
  readyPath(ref: MediaRef): string | null {
    const ready = this.availableAt.get(ref.sha256);
    return ready !== undefined && ready <= this.clock.now() ? `/data/alert-media/${ref.sha256}.mp3` : null;
  }
  fetch(ref: MediaRef, deadlineMs: number): Promise<string | null> {
    this.requested.push({ at: this.clock.now() - T0, sha256: ref.sha256 });
    const ready = this.availableAt.get(ref.sha256);
    const file = `/data/alert-media/${ref.sha256}.mp3`;
    if (ready !== undefined && ready <= this.clock.now()) return Promise.resolve(file);
    const answerAt = ready === undefined ? deadlineMs : Math.min(ready, deadlineMs);
    return new Promise((resolve) =>
      this.clock.setTimer(() => resolve(ready !== undefined && ready <= deadlineMs ? file : null), Math.max(0, answerAt - this.clock.now())),
    );
  }
}

function alert(overrides: Partial<AlertPayload> = {}): AlertPayload {
  return {
    kind: 'alert',
    alertId: 'alert-1',
    status: 'active',
    level: 1,
    title: '山洪预警',
    text: '青石镇可能发生山洪，请沿河群众立即转移。',
    repeat: 2,
    media: { tone: tone.ref, speech: speech.ref },
    regionCodes: ['530102001000'],
    volume: 100,
    issuedAt: at(0),
    expiresAt: at(2 * 3600_000),
    seq: 1,
    ...overrides,
  };
}

function setup(random = () => 0.25) {
  const clock = new FakeClock(T0);
  const nullPlayer = new NullPlayer(clock);
  const player = new RecordingPlayer(nullPlayer, clock);
  let storedVolume: number | undefined = 60;
  const volume = new VolumeControl(nullPlayer, { volume: () => storedVolume, setVolume: (v) => (storedVolume = v) });
  const journal: PlayLogEntry[] = [];
  const handled = new Set<string>();
  const logger = memoryLogger(clock);
  const scheduler = new Scheduler({
    deviceId: 'spk-001',
    clock,
    player,
    media: { readyPath: (ref) => `/data/media/${ref.sha256}.mp3` },
    journal: { append: (e) => journal.push(e) },
    handled: { handledSlotIds: () => new Set(handled), markHandled: async (slotId) => void handled.add(slotId) },
    log: logger.log,
  });
  const alertMedia = new FakeAlertMedia(clock);
  const acks: AlertAck[] = [];
  const errors: AgentErrorEvent[] = [];
  const alerts = new AlertPlayer({ clock, player, media: alertMedia, schedule: scheduler, volume, log: logger.log, report: (a) => acks.push(a), onError: (e) => errors.push(e), random });
  const states = (): string[] => acks.map((a) => (a.reason ? `${a.alertId}:${a.state}:${a.reason}` : `${a.alertId}:${a.state}`));
  const plays = (): string[] => player.plays.map((p) => `${p.at / 1000}s ${p.sha256 === tone.ref.sha256 ? 'tone' : p.sha256 === speech.ref.sha256 ? 'speech' : p.contentId}`);
  return { clock, player, nullPlayer, volume, journal, scheduler, alertMedia, alerts, acks, errors, states, plays, logger };
}

describe('AlertPlayer', () => {
  it('should interrupt the playing notice, air tone and speech twice, then resume the schedule when an alert arrives', async () => {
    const { clock, journal, scheduler, alertMedia, alerts, states, plays, acks } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    const first = timelineItem(at(0), notice.ref);
    const second = timelineItem(at(30_000), later.ref, { scheduleId: 'sch-2', contentId: 'content-2' });
    scheduler.update(playlist({ items: [first, second] }));
    await clock.advance(10_000);

    alerts.receive(TOWN_TOPIC, alert());
    await clock.advance(0);
    expect(journal).toEqual([expect.objectContaining({ slotId: first.slotId, outcome: 'interrupted', reason: PREEMPTED_BY_ALERT, playedMs: 10_000 })]);
    expect(alerts.nowPlaying()).toEqual({ contentId: 'alert-1', slotId: null, title: '应急广播：山洪预警', since: at(10_000) });

    // The second notice falls due at 30 s, in the middle of the alert: it waits until the alert is over (36 s).
    await clock.advance(26_000);
    expect(plays()).toEqual(['0s content-1', '10s tone', '13s speech', '23s tone', '26s speech', '36s content-2']);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:success']);
    expect(acks.map((a) => a.at)).toEqual([at(10_000), at(10_000), at(36_000)]);
    expect(new Set(acks.map((a) => a.id)).size).toBe(3);
    expect(alerts.nowPlaying()).toBeNull();
    expect(scheduler.nowPlaying()).toMatchObject({ contentId: 'content-2' });
  });

  it('should play the alert at its own volume and the schedule at the device volume again afterwards when an alert airs', async () => {
    const { clock, player, volume, scheduler, alertMedia, alerts } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref), timelineItem(at(30_000), later.ref, { scheduleId: 'sch-2', contentId: 'content-2' })] }));
    await clock.advance(10_000);
    alerts.receive(TOWN_TOPIC, alert({ volume: 90 }));
    await clock.advance(26_000);

    expect(player.plays.map((p) => [p.at / 1000, p.volume])).toEqual([
      [0, 60],
      [10, 90],
      [13, 90],
      [23, 90],
      [26, 90],
      [36, 60],
    ]);
    expect(volume.level()).toBe(60);
  });

  it('should keep the operator volume for after the alert when it is changed while an alert plays', async () => {
    const { clock, player, volume, scheduler, alertMedia, alerts } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    scheduler.update(playlist({ items: [timelineItem(at(20_000), notice.ref)] }));
    alerts.receive(TOWN_TOPIC, alert({ volume: 100, repeat: 1 }));
    await clock.advance(1_000);
    expect(volume.set(30)).toBe(true);
    await clock.advance(20_000);
    expect(player.plays.map((p) => [p.at / 1000, p.volume])).toEqual([
      [0, 100],
      [3, 100],
      [20, 30],
    ]);
  });

  it('should sound the tone again after each pause while the speech is missing, and report failed-media once it gives up', async () => {
    const { clock, alertMedia, alerts, states, plays, scheduler } = setup();
    alertMedia.offer(tone.ref);
    scheduler.update(playlist());

    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    await clock.advance(SPEECH_WAIT_MAX_MS + 10_000);

    // Tone (3 s), 2 s of silence waiting for the speech, the tone again … until the fetch gives up at 30 s.
    expect(plays()).toEqual(['0s tone', '5s tone', '10s tone', '15s tone', '20s tone', '25s tone']);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:failed:failed-media']);
  });

  it('should say the speech right after the tone that was sounding when it arrived, and read it every round', async () => {
    const { clock, alertMedia, alerts, states, plays, scheduler } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref, 6_500);
    scheduler.update(playlist());

    alerts.receive(TOWN_TOPIC, alert({ repeat: 2 }));
    await clock.advance(40_000);

    expect(plays()).toEqual(['0s tone', '5s tone', '8s speech', '18s tone', '21s speech']);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:success']);
  });

  it('should play speech that arrives after the tone within the grace as soon as it is there', async () => {
    const { clock, alertMedia, alerts, states, plays } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref, 4_200);

    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    await clock.advance(20_000);

    expect(plays()).toEqual(['0s tone', '4.2s speech']);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:success']);
  });

  it('should play speech that arrives within the timeout right after the tone when the tone was cached', async () => {
    const { clock, alertMedia, alerts, states, plays } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref, 2_500);

    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    await clock.advance(20_000);

    expect(plays()).toEqual(['0s tone', '3s speech']);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:success']);
  });

  it('should start the speech download at a random point of the first second when the tone is at hand', async () => {
    const { clock, alertMedia, alerts } = setup(() => 0.6);
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    await clock.advance(20_000);
    const first = (sha256: string): number | undefined => alertMedia.requested.find((r) => r.sha256 === sha256)?.at;
    expect(first(tone.ref.sha256)).toBe(0);
    expect(first(speech.ref.sha256)).toBe(600);
  });

  it('should fetch the speech at once when the tone is not at hand', async () => {
    const { clock, alertMedia, alerts } = setup(() => 0.6);
    alertMedia.offer(speech.ref);
    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    await clock.advance(20_000);
    expect(alertMedia.requested.find((r) => r.sha256 === speech.ref.sha256)?.at).toBe(0);
  });

  it('should report no-media and play nothing when neither tone nor speech can be fetched', async () => {
    const { clock, alerts, states, plays } = setup();
    alerts.receive(TOWN_TOPIC, alert());
    await clock.advance(SPEECH_WAIT_MAX_MS + 10_000);
    expect(plays()).toEqual([]);
    expect(states()).toEqual(['alert-1:received', 'alert-1:failed:no-media']);
  });

  it('should stop playback and report cancelled when a cancel arrives mid-play', async () => {
    const { clock, player, alertMedia, alerts, states, plays, scheduler } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    scheduler.update(playlist({ items: [timelineItem(at(10_000), later.ref)] }));

    alerts.receive(TOWN_TOPIC, alert());
    await clock.advance(5_000);
    alerts.receive(TOWN_TOPIC, alert({ status: 'cancelled', seq: 2 }));
    await clock.advance(0);

    expect(player.stops).toBe(1);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:cancelled']);
    expect(alerts.nowPlaying()).toBeNull();
    // Back to the schedule at once: the slot due at 10 s starts on time.
    await clock.advance(30_000);
    expect(plays()).toEqual(['0s tone', '3s speech', '10s content-1']);
    expect(states()).toHaveLength(3);
  });

  it('should never play an alert cancelled before it reached the device, even when a copy arrives later', async () => {
    const { clock, alertMedia, alerts, states, plays } = setup();
    alertMedia.offer(tone.ref);
    alerts.receive(COUNTY_TOPIC, alert({ status: 'cancelled', seq: 2 }));
    alerts.receive(TOWN_TOPIC, alert());
    await clock.advance(30_000);
    expect(plays()).toEqual([]);
    expect(states()).toEqual(['alert-1:cancelled']);
  });

  it('should air an alert once when the same alertId arrives on several region topics', async () => {
    const { clock, alertMedia, alerts, states, plays } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    alerts.receive(COUNTY_TOPIC, alert({ repeat: 1 }));
    await clock.advance(20_000);
    alerts.receive(COUNTY_TOPIC, alert({ repeat: 1, seq: 5 }));
    await clock.advance(20_000);
    expect(plays()).toEqual(['0s tone', '3s speech']);
    expect(states()).toEqual(['alert-1:received', 'alert-1:playing', 'alert-1:success']);
  });

  it('should ignore an alert that has already expired', async () => {
    const { clock, alertMedia, alerts, states, plays, scheduler } = setup();
    alertMedia.offer(tone.ref);
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref)] }));
    await clock.advance(1_000);
    alerts.receive(TOWN_TOPIC, alert({ expiresAt: at(500) }));
    await clock.advance(10_000);
    expect(plays()).toEqual(['0s content-1']);
    expect(states()).toEqual([]);
  });

  it('should report expired and never play an alert that expires while queued behind another', async () => {
    const { clock, alertMedia, alerts, states, plays } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    alerts.receive(TOWN_TOPIC, alert({ repeat: 1 }));
    alerts.receive(TOWN_TOPIC, alert({ alertId: 'alert-2', level: 3, repeat: 1, expiresAt: at(5_000) }));
    await clock.advance(30_000);
    expect(plays()).toEqual(['0s tone', '3s speech']);
    expect(states()).toEqual(['alert-1:received', 'alert-2:received', 'alert-1:playing', 'alert-1:success', 'alert-2:failed:expired']);
  });

  it('should air the more severe of two queued alerts first', async () => {
    const { clock, alertMedia, alerts, plays, player } = setup();
    alertMedia.offer(tone.ref);
    alertMedia.offer(speech.ref);
    alerts.receive(TOWN_TOPIC, alert({ alertId: 'minor', level: 4, repeat: 1 }));
    alerts.receive(TOWN_TOPIC, alert({ alertId: 'grave', level: 1, repeat: 1 }));
    alerts.receive(TOWN_TOPIC, alert({ alertId: 'major', level: 2, repeat: 1 }));
    await clock.advance(60_000);
    expect(plays()).toHaveLength(6);
    expect(player.plays.filter((_, i) => i % 2 === 0).map((p) => p.contentId)).toEqual(['grave', 'major', 'minor']);
  });

  it('should report an invalid-payload error and play nothing when a verified alert is malformed', async () => {
    const { clock, alerts, errors, states } = setup();
    alerts.receive(TOWN_TOPIC, { ...alert(), repeat: 9, media: null } as unknown as AlertPayload);
    await clock.advance(10_000);
    expect(states()).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ code: 'invalid-payload', topic: TOWN_TOPIC, message: expect.stringContaining('repeat') })]);
  });
});
