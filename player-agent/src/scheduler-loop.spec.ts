import type { MediaRef, PlayLogEntry, QuietHours } from '@sunshine/playlists';
import { NullPlayer, type MediaPlayer, type PlayableItem, type PlayHandle } from './backends';
import type { TimerHandle } from './clock';
import { Scheduler } from './scheduler';
import { FakeClock } from './testing/fake-clock';
import { loopItem, media, playlist, timelineItem } from './testing/fixtures';
import { memoryLogger } from './testing/memory-logger';

/** 08:00 in Shanghai. */
const T0 = Date.parse('2025-03-03T00:00:00Z');
const MIN = 60_000;
const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

/** Counts fired timers, so a test can tell whether anything waited on a timer between two events. */
class CountingClock extends FakeClock {
  fired = 0;
  override setTimer(fn: () => void, ms: number): TimerHandle {
    return super.setTimer(() => {
      this.fired++;
      fn();
    }, ms);
  }
}

/** The null backend with prepare(), recording when (clock time, fired timers) each call happened. */
class PreparingPlayer implements MediaPlayer {
  readonly plays: Array<{ contentId: string; file: string; atMs: number; fired: number }> = [];
  readonly prepares: Array<{ contentId: string; file: string; atMs: number }> = [];
  readonly ends: Array<{ contentId: string; atMs: number; fired: number }> = [];
  private readonly inner: NullPlayer;
  constructor(private readonly clock: CountingClock) {
    this.inner = new NullPlayer(clock);
  }
  play(file: string, item: PlayableItem): PlayHandle {
    this.plays.push({ contentId: item.contentId, file, atMs: this.clock.now(), fired: this.clock.fired });
    const handle = this.inner.play(file, item);
    const done = handle.done.then((r) => {
      this.ends.push({ contentId: item.contentId, atMs: this.clock.now(), fired: this.clock.fired });
      return r;
    });
    return { done, stop: () => handle.stop() };
  }
  prepare(file: string, item: PlayableItem): void {
    this.prepares.push({ contentId: item.contentId, file, atMs: this.clock.now() });
  }
}

function setup() {
  const clock = new CountingClock(T0);
  const player = new PreparingPlayer(clock);
  const journal: PlayLogEntry[] = [];
  const handled = new Set<string>();
  const ready = new Set<string>();
  const scheduler = new Scheduler({
    deviceId: 'tv-001',
    clock,
    player,
    media: { readyPath: (ref) => (ready.has(ref.sha256) ? `/data/media/${ref.sha256}.mp4` : null) },
    journal: { append: (e) => journal.push(e) },
    handled: { handledSlotIds: () => new Set(handled), markHandled: async (slotId) => void handled.add(slotId) },
    log: memoryLogger(clock).log,
  });
  const markReady = (...refs: MediaRef[]): void => refs.forEach((r) => ready.add(r.sha256));
  return { clock, player, journal, scheduler, markReady };
}

const hours = (from: string, until: string): QuietHours[] => [{ from, until }];

describe('Scheduler loop opening hours', () => {
  const a = media('大厅轮播 A', 25_000);
  const b = media('大厅轮播 B', 20_000);
  const notice = media('防汛通知', 30_000);

  it('should idle on one timer and start the loop at the opening when the loop is closed', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref);
    scheduler.update(playlist({ openingHours: hours('08:30', '17:30'), loop: [loopItem(a.ref, { contentId: 'a' })] }));

    await clock.advance(30 * MIN - 1);
    expect(player.plays).toEqual([]);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(1);
    expect(player.plays.map((p) => [p.contentId, p.atMs])).toEqual([['a', T0 + 30 * MIN]]);
  });

  it('should let the started item finish, start nothing after closing and wake at the next day opening when the window ends', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(a.ref);
    scheduler.update(playlist({ openingHours: hours('08:00', '08:01'), loop: [loopItem(a.ref, { contentId: 'a' })] }));

    await clock.advance(24 * 60 * MIN - 1);
    // Started at 0, 25 s and 50 s (before 08:01); the last one ends at 75 s, after closing.
    expect(player.plays.map((p) => p.atMs - T0)).toEqual([0, 25_000, 50_000]);
    expect(journal.map((e) => [e.endedAt, e.outcome])).toEqual([
      [at(25_000), 'completed'],
      [at(50_000), 'completed'],
      [at(75_000), 'completed'],
    ]);
    await clock.advance(1);
    expect(player.plays.map((p) => p.atMs - T0)).toEqual([0, 25_000, 50_000, 24 * 60 * MIN]);
  });

  it('should air timed items and never the loop when the opening hours are empty', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref, notice.ref);
    scheduler.update(playlist({ openingHours: [], items: [timelineItem(at(10_000), notice.ref)], loop: [loopItem(a.ref, { contentId: 'a' })] }));
    await clock.advance(3 * 24 * 60 * MIN);
    expect(player.plays.map((p) => [p.contentId, p.atMs - T0])).toEqual([['content-1', 10_000]]);
  });
});

describe('Scheduler gapless hand-over', () => {
  const a = media('大厅轮播 A', 30_000);
  const b = media('大厅轮播 B', 20_000);
  const notice = media('防汛通知', 30_000);

  it('should prepare the next loop file 2 s ahead and start it in the same tick the previous ends when looping', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref, b.ref);
    scheduler.update(playlist({ loop: [loopItem(a.ref, { contentId: 'a' }), loopItem(b.ref, { contentId: 'b' })] }));

    await clock.advance(30_000 + 20_000);
    expect(player.prepares).toEqual([
      { contentId: 'b', file: `/data/media/${b.ref.sha256}.mp4`, atMs: T0 + 28_000 },
      { contentId: 'a', file: `/data/media/${a.ref.sha256}.mp4`, atMs: T0 + 48_000 },
    ]);
    expect(player.plays.map((p) => [p.contentId, p.atMs - T0])).toEqual([
      ['a', 0],
      ['b', 30_000],
      ['a', 50_000],
    ]);
    // The next play started from the very timer callback that ended the previous one: no timer in between.
    expect(player.ends.map((e) => e.fired)).toEqual([player.plays[1].fired, player.plays[2].fired]);
    expect(player.ends.map((e) => e.atMs)).toEqual([player.plays[1].atMs, player.plays[2].atMs]);
  });

  it('should prepare a timed slot 2 s before it pre-empts the loop when one is coming', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref, notice.ref);
    scheduler.update(playlist({ items: [timelineItem(at(10_000), notice.ref)], loop: [loopItem(a.ref, { contentId: 'a' })] }));
    await clock.advance(10_000);
    expect(player.prepares[0]).toEqual({ contentId: 'content-1', file: `/data/media/${notice.ref.sha256}.mp4`, atMs: T0 + 8_000 });
    expect(player.plays.map((p) => [p.contentId, p.atMs - T0])).toEqual([
      ['a', 0],
      ['content-1', 10_000],
    ]);
  });

  it('should prepare the first loop file before the opening when the loop is closed', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref);
    scheduler.update(playlist({ openingHours: hours('08:30', '17:30'), loop: [loopItem(a.ref, { contentId: 'a' })] }));
    await clock.advance(30 * MIN);
    expect(player.prepares[0]).toEqual({ contentId: 'a', file: `/data/media/${a.ref.sha256}.mp4`, atMs: T0 + 30 * MIN - 2_000 });
    expect(player.plays).toHaveLength(1);
  });

  it('should prepare nothing when nothing follows the current item', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(notice.ref);
    scheduler.update(playlist({ items: [timelineItem(at(0), notice.ref)] }));
    await clock.advance(60_000);
    expect(player.plays).toHaveLength(1);
    expect(player.prepares).toEqual([]);
  });
});

describe('Scheduler loop member windows', () => {
  const a = media('到期公示 A', 25_000);
  const b = media('明日起公示 B', 20_000);

  it('should stop looping a member after its until and start another at its from when no playlist update arrives', async () => {
    const { clock, player, journal, scheduler, markReady } = setup();
    markReady(a.ref, b.ref);
    scheduler.update(
      playlist({
        loop: [
          loopItem(a.ref, { scheduleId: 'a', contentId: 'a', until: at(60_000) }),
          loopItem(b.ref, { scheduleId: 'b', contentId: 'b', from: at(120_000) }),
        ],
      }),
    );

    await clock.advance(120_000 - 1);
    // A started at 0, 25 s and 50 s (before until); the last one finishes at 75 s, after until, then nothing plays.
    expect(player.plays.map((p) => [p.contentId, p.atMs - T0])).toEqual([
      ['a', 0],
      ['a', 25_000],
      ['a', 50_000],
    ]);
    expect(journal.map((e) => [e.scheduleId, e.endedAt, e.outcome])).toEqual([
      ['a', at(25_000), 'completed'],
      ['a', at(50_000), 'completed'],
      ['a', at(75_000), 'completed'],
    ]);
    // Idle on a single timer: the wake at B's from.
    expect(clock.pendingTimers()).toBe(1);

    await clock.advance(1 + 45_000);
    expect(player.plays.map((p) => [p.contentId, p.atMs - T0])).toEqual([
      ['a', 0],
      ['a', 25_000],
      ['a', 50_000],
      ['b', 120_000],
      ['b', 140_000],
      ['b', 160_000],
    ]);
  });

  it('should loop a member only within its window when the window crosses local midnight', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref);
    // Window 23:30–00:30 local in Asia/Shanghai (T0 is 08:00 local); the hall is open 18:00–02:00, across midnight too.
    const from = Date.parse('2025-03-03T15:30:00.000Z');
    const until = Date.parse('2025-03-03T16:30:00.000Z');
    scheduler.update(
      playlist({
        openingHours: hours('18:00', '02:00'),
        loop: [loopItem(a.ref, { contentId: 'a', from: '2025-03-03T23:30:00+08:00', until: '2025-03-04T00:30:00+08:00' })],
      }),
    );
    await clock.advanceTo(from - 1);
    expect(player.plays).toEqual([]);
    await clock.advanceTo(until + 60_000);
    const starts = player.plays.map((p) => p.atMs);
    expect(starts[0]).toBe(from);
    expect(starts.every((t) => t >= from && t < until)).toBe(true);
    expect(starts).toHaveLength(Math.ceil((until - from) / 25_000));
  });

  it('should not wake for member windows when the opening hours are empty', async () => {
    const { clock, scheduler, markReady } = setup();
    markReady(a.ref);
    scheduler.update(playlist({ openingHours: [], loop: [loopItem(a.ref, { contentId: 'a', from: at(60_000), until: at(120_000) })] }));
    expect(clock.pendingTimers()).toBe(0);
  });

  it('should prepare a member whose window opens when the current item ends', async () => {
    const { clock, player, scheduler, markReady } = setup();
    markReady(a.ref, b.ref);
    scheduler.update(
      playlist({
        // B is first in the loop but not yet eligible: A starts, and B is prepared for the instant A ends.
        loop: [
          loopItem(b.ref, { scheduleId: 'b', contentId: 'b', from: at(25_000) }),
          loopItem(a.ref, { scheduleId: 'a', contentId: 'a' }),
        ],
      }),
    );
    await clock.advance(25_000);
    expect(player.prepares[0]).toEqual({ contentId: 'b', file: `/data/media/${b.ref.sha256}.mp4`, atMs: T0 + 23_000 });
    expect(player.plays.map((p) => [p.contentId, p.atMs - T0])).toEqual([
      ['a', 0],
      ['b', 25_000],
    ]);
  });
});
