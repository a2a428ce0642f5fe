import type { MediaRef, PlayLogEntry } from '@sunshine/playlists';
import { NullPlayer, type MediaPlayer, type PlayableItem, type PlayHandle } from './backends';
import { Scheduler } from './scheduler';
import { FakeClock } from './testing/fake-clock';
import { loopItem, media, playlist, timelineItem, version } from './testing/fixtures';
import { memoryLogger } from './testing/memory-logger';

const T0 = Date.parse('2025-03-03T00:00:00Z');
const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

/** The null backend, recording what it was asked to play and stop. */
class RecordingPlayer implements MediaPlayer {
  readonly plays: Array<{ file: string; contentId: string }> = [];
  stops = 0;
  constructor(private readonly inner: MediaPlayer) {}
  play(file: string, item: PlayableItem): PlayHandle {
    this.plays.push({ file, contentId: item.contentId });
    const handle = this.inner.play(file, item);
    return { done: handle.done, stop: () => (this.stops++, handle.stop()) };
  }
}

function setup(opts: { player?: (clock: FakeClock) => MediaPlayer; graceMs?: number; marking?: () => Promise<void> } = {}) {
  const clock = new FakeClock(T0);
  const player = new RecordingPlayer(opts.player?.(clock) ?? new NullPlayer(clock));
  const journal: PlayLogEntry[] = [];
  const handled = new Set<string>();
  const ready = new Set<string>();
  const logger = memoryLogger(clock);
  const scheduler = new Scheduler({
    deviceId: 'spk-001',
    clock,
    player,
    media: { readyPath: (ref) => (ready.has(ref.sha256) ? `/data/media/${ref.sha256}.mp3` : null) },
    journal: { append: (e) => journal.push(e) },
    handled: { handledSlotIds: () => new Set(handled), markHandled: (slotId) => (handled.add(slotId), opts.marking?.() ?? Promise.resolve()) },
    log: logger.log,
    graceMs: opts.graceMs,
  });
  const markReady = (...refs: MediaRef[]): void => refs.forEach((r) => ready.add(r.sha256));
  return { clock, player, journal, handled, logger, scheduler, markReady };
}

describe('Scheduler', () => {
  const notice = media('防汛通知', 30_000);
  const other = media('医保政策解读', 20_000);

  it('should start the sound of a timed slot only once its handled mark is on disk', async () => {
    let written: () => void = () => undefined;
    const { clock, player, scheduler, markReady, handled } = setup({ marking: () => new Promise<void>((resolve) => (written = resolve)) });
    markReady(notice.ref);
    const item = timelineItem(at(60_000), notice.ref);
    scheduler.update(playlist({ items: [item] }));

    await clock.advance(60_000);
    // Marked, not yet durable: a kill now must leave the slot unaired rather than air it twice after restart.
    expect(handled.has(item.slotId)).toBe(true);
    expect(player.plays).toEqual([]);
    written();
    await clock.advance(0);
    expect(player.plays).toHaveLength(1);
  });

  it('should play a timed slot at its start time and journal it as completed when it ends', async () => {
    const { clock, player, journal, handled, scheduler, markReady, logger } = setup();
    markReady(notice.ref);
    const item = timelineItem(at(60_000), notice.ref);
    scheduler.update(playlist({ items: [item] }));

    await clock.advance(59_999);
    expect(player.plays).toEqual([]);
    await clock.advance(1);
    expect(player.plays).toEqual([{ file: `/data/media/${notice.ref.sha256}.mp3`, contentId: 'content-1' }]);
    expect(scheduler.nowPlaying()).toEqual({ contentId: 'content-1', slotId: item.slotId, title: '春耕防火通知', since: at(60_000) });
    expect(handled.has(item.slotId)).toBe(true);

    await clock.advance(30_000);
    expect(journal).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string,
        deviceId: 'spk-001',
        slotId: item.slotId,
        scheduleId: 'sch-1',
        contentId: 'content-1',
        revisionId: 'rev-1',
        sha256: notice.ref.sha256,
        startedAt: at(60_000),
        endedAt: at(90_000),
        playedMs: 30_000,
        outcome: 'completed',
      },
    ]);
    expect(scheduler.nowPlaying()).toBeNull();
    expect(logger.lines.filter((l) => l.msg === '开始播放')).toEqual([expect.objectContaining({ slotId: item.slotId, repeat: 1 })]);
    expect(logger.lines.find((l) => l.msg === '播放结束')).toMatchObject({ outcome: 'completed', playedMs: 30_000 });
  });

  it('should play the media repeat times back to back and journal one airing when repeat is 2', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(notice.ref);
    scheduler.update(playlist({ items: [timelineItem(at(1_000), notice.ref, { repeat: 2 })] }));
    await clock.advance(1_000 + 30_000);
    expect(player.plays).toHaveLength(2);
    expect(journal).toEqual([]);
    await clock.advance(30_000);
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ outcome: 'completed', playedMs: 60_000, startedAt: at(1_000), endedAt: at(61_000) });
  });

  it('should journal failed with media-missing and never play when the media is not verified by the end of the grace window', async () => {
    const { clock, player, journal, handled, scheduler, logger } = setup({ graceMs: 60_000 });
    const item = timelineItem(at(1_000), notice.ref);
    scheduler.update(playlist({ items: [item] }));
    await clock.advance(1_000);
    expect(logger.msgs()).toContain('媒体未就绪，等待下载');
    await clock.advance(59_999);
    expect(journal).toEqual([]);
    expect(handled.has(item.slotId)).toBe(false);
    await clock.advance(1);
    expect(player.plays).toEqual([]);
    expect(journal).toEqual([
      expect.objectContaining({ slotId: item.slotId, outcome: 'failed', reason: 'media-missing', playedMs: 0, startedAt: at(61_000) }),
    ]);
    expect(handled.has(item.slotId)).toBe(true);
    await clock.advance(600_000);
    expect(journal).toHaveLength(1);
  });

  it('should play a due slot late when its media is verified within the grace window', async () => {
    const { clock, player, journal, scheduler, markReady } = setup({ graceMs: 60_000 });
    const item = timelineItem(at(0), notice.ref);
    scheduler.update(playlist({ items: [item] }));
    await clock.advance(4_000);
    expect(player.plays).toEqual([]);
    markReady(notice.ref);
    scheduler.poke();
    await clock.advance(30_000);
    expect(player.plays).toHaveLength(1);
    expect(journal).toEqual([expect.objectContaining({ slotId: item.slotId, outcome: 'completed', startedAt: at(4_000), playedMs: 30_000 })]);
  });

  it('should forget a slot awaiting media when a new playlist withdraws it', async () => {
    const { clock, journal, scheduler } = setup({ graceMs: 60_000 });
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref)] }));
    await clock.advance(1_000);
    scheduler.update(playlist({ version: version('v2'), items: [], seq: 2 }));
    await clock.advance(120_000);
    expect(journal).toEqual([]);
  });

  it('should not disturb playback when a playlist with the same version arrives', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(notice.ref);
    const items = [timelineItem(at(0), notice.ref)];
    scheduler.update(playlist({ items, seq: 1 }));
    await clock.advance(10_000);
    scheduler.update(playlist({ items: [], seq: 2, issuedAt: at(10_000) })); // same version label: content "unchanged"
    await clock.advance(20_000);
    expect(player.stops).toBe(0);
    expect(player.plays).toHaveLength(1);
    expect(journal).toEqual([expect.objectContaining({ outcome: 'completed', playedMs: 30_000 })]);
  });

  it('should stop the playing slot as interrupted with reason withdrawn when a new playlist drops it', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(notice.ref);
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref)] }));
    await clock.advance(12_000);
    scheduler.update(playlist({ version: version('v2'), items: [], seq: 2 }));
    await clock.advance(0);
    expect(player.stops).toBe(1);
    expect(journal).toEqual([expect.objectContaining({ outcome: 'interrupted', reason: 'withdrawn', playedMs: 12_000, endedAt: at(12_000) })]);
    expect(scheduler.nowPlaying()).toBeNull();
  });

  it('should keep playing the slot when a new version still contains it', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(notice.ref);
    const item = timelineItem(at(0), notice.ref);
    scheduler.update(playlist({ items: [item] }));
    await clock.advance(5_000);
    scheduler.update(playlist({ version: version('v2'), items: [item, timelineItem(at(3_600_000), other.ref)], seq: 2 }));
    await clock.advance(25_000);
    expect(player.stops).toBe(0);
    expect(journal).toEqual([expect.objectContaining({ outcome: 'completed' })]);
  });

  it('should start a slot late when the agent comes up within the grace window', async () => {
    const { clock, player, scheduler, markReady } = setup({ graceMs: 600_000 });
    markReady(notice.ref);
    await clock.advance(300_000);
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref)] }));
    await clock.advance(0);
    expect(player.plays).toHaveLength(1);
  });

  it('should play loop items round-robin when nothing timed is due', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(notice.ref, other.ref);
    scheduler.update(playlist({ loop: [loopItem(notice.ref, { contentId: 'a' }), loopItem(other.ref, { contentId: 'b' })] }));
    await clock.advance(30_000 + 20_000 + 30_000);
    expect(player.plays.map((p) => p.contentId)).toEqual(['a', 'b', 'a', 'b']);
    expect(journal.map((e) => [e.contentId, e.slotId, e.outcome])).toEqual([
      ['a', null, 'completed'],
      ['b', null, 'completed'],
      ['a', null, 'completed'],
    ]);
  });

  it('should skip loop items whose media is not ready when looping', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(other.ref);
    scheduler.update(playlist({ loop: [loopItem(notice.ref, { contentId: 'a' }), loopItem(other.ref, { contentId: 'b' })] }));
    await clock.advance(39_999);
    expect(player.plays.map((p) => p.contentId)).toEqual(['b', 'b']);
  });

  it('should pre-empt the loop item when a timed slot falls due', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(notice.ref, other.ref);
    const item = timelineItem(at(5_000), notice.ref);
    scheduler.update(playlist({ items: [item], loop: [loopItem(other.ref, { contentId: 'filler' })] }));
    await clock.advance(5_000);
    expect(journal).toEqual([expect.objectContaining({ contentId: 'filler', outcome: 'interrupted', reason: 'preempted', playedMs: 5_000 })]);
    expect(player.plays.map((p) => p.contentId)).toEqual(['filler', 'content-1']);
    expect(scheduler.nowPlaying()?.slotId).toBe(item.slotId);
    await clock.advance(30_000);
    expect(player.plays.map((p) => p.contentId)).toEqual(['filler', 'content-1', 'filler']);
  });

  it('should journal failed with the backend reason and pause the loop when the player keeps failing', async () => {
    const failing = (): MediaPlayer => ({ play: () => ({ done: Promise.resolve({ ok: false, reason: '播放命令退出码 1' }), stop: () => undefined }) });
    const { clock, journal, scheduler, markReady } = setup({ player: failing });
    markReady(other.ref);
    scheduler.update(playlist({ loop: [loopItem(other.ref)] }));
    await clock.advance(29_999);
    expect(journal).toEqual([expect.objectContaining({ outcome: 'failed', reason: '播放命令退出码 1' })]);
    await clock.advance(1);
    expect(journal).toHaveLength(2);
  });

  it('should journal failed with preempted-by-alert a slot an alert held past its grace window, and play one still within it', async () => {
    const { clock, player, journal, scheduler, markReady } = setup({ graceMs: 20_000 });
    markReady(notice.ref, other.ref);
    const missed = timelineItem(at(60_000), notice.ref, { slotId: 'sch-1:missed' });
    const late = timelineItem(at(90_000), other.ref, { slotId: 'sch-1:late', contentId: 'content-2' });
    scheduler.update(playlist({ items: [missed, late] }));

    await clock.advance(50_000);
    await scheduler.pauseForAlert();
    // The alert holds the loudspeaker from 50 s to 100 s: the first slot's window (60–80 s) passes entirely.
    await clock.advance(50_000);
    scheduler.resumeAfterAlert();
    await clock.advance(0);

    expect(journal).toEqual([expect.objectContaining({ slotId: 'sch-1:missed', outcome: 'failed', reason: 'preempted-by-alert', playedMs: 0 })]);
    expect(player.plays.map((p) => p.contentId)).toEqual(['content-2']);
  });

  it('should journal the current play as interrupted when stopped', async () => {
    const { clock, journal, scheduler, markReady } = setup();
    markReady(notice.ref);
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref)] }));
    await clock.advance(7_000);
    await scheduler.stop();
    expect(journal).toEqual([expect.objectContaining({ outcome: 'interrupted', reason: 'shutdown', playedMs: 7_000 })]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
