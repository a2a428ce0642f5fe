import type { PlayPriority, TimelineItem } from '../model/playlist';
import { evaluate, shouldPreempt } from './evaluate';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const MIN = 60_000;

function item(scheduleId: string, offsetMin: number, priority: PlayPriority = 'timed'): TimelineItem {
  const startAt = new Date(T0 + offsetMin * MIN).toISOString();
  return {
    slotId: `${scheduleId}:${startAt}`,
    scheduleId,
    contentId: `c-${scheduleId}`,
    revisionId: `r-${scheduleId}`,
    title: scheduleId,
    priority,
    startAt,
    repeat: 1,
    media: { url: '/media/x.mp3', sha256: 'a'.repeat(64), size: 1, durationMs: MIN, mime: 'audio/mpeg' },
  };
}

const run = (items: TimelineItem[], nowMs: number, handled: string[] = [], graceMs?: number) =>
  evaluate({ playlist: { items, loop: [] }, nowMs, handledSlotIds: new Set(handled), graceMs });

describe('evaluate', () => {
  const a = item('a', 0);
  const b = item('b', 30);

  it('should return nothing due and the first item as next when now is before every slot', () => {
    expect(run([a, b], T0 - 1)).toEqual({ due: null, nextAt: T0, next: a });
  });

  it('should make a slot due when now equals its start', () => {
    expect(run([a, b], T0)).toEqual({ due: a, nextAt: T0 + 30 * MIN, next: b });
  });

  it('should keep a slot due within the grace period and drop it when the grace period has elapsed', () => {
    expect(run([a, b], T0 + 10 * MIN - 1).due).toBe(a);
    expect(run([a, b], T0 + 10 * MIN).due).toBeNull();
  });

  it('should honour a custom grace period when one is given', () => {
    expect(run([a], T0 + 2 * MIN, [], MIN).due).toBeNull();
    expect(run([a], T0 + 30 * 1000, [], MIN).due).toBe(a);
  });

  it('should not return a slot as due when it was already handled', () => {
    expect(run([a, b], T0 + MIN, [a.slotId])).toEqual({ due: null, nextAt: T0 + 30 * MIN, next: b });
  });

  it('should pick the higher priority slot when several are due', () => {
    const timed = item('t', -2);
    const emergency = item('e', -1, 'emergency');
    expect(run([timed, emergency], T0).due).toBe(emergency);
  });

  it('should pick the earliest slot when several of equal priority are due', () => {
    const early = item('z', -3);
    const late = item('a', -1);
    expect(run([late, early], T0).due).toBe(early);
  });

  it('should break ties by slotId when equal-priority slots start together', () => {
    const x = item('x', 0);
    const y = item('y', 0);
    expect(run([y, x], T0).due).toBe(x);
    expect(run([y, x], T0 - 1).next).toBe(x);
  });

  it('should prefer the higher priority next item when two start at the same future instant', () => {
    const timed = item('a', 5);
    const emergency = item('z', 5, 'emergency');
    expect(run([timed, emergency], T0).next).toBe(emergency);
  });

  it('should return no next item when every slot is in the past', () => {
    expect(run([a], T0 + 60 * MIN)).toEqual({ due: null, nextAt: null, next: null });
  });

  it('should find the earliest next start when the items are out of order', () => {
    expect(run([b, item('c', 20), a], T0 + 1).nextAt).toBe(T0 + 20 * MIN);
  });
});

describe('shouldPreempt', () => {
  it.each<[PlayPriority, PlayPriority, boolean]>([
    ['loop', 'timed', true],
    ['loop', 'emergency', true],
    ['timed', 'emergency', true],
    ['timed', 'timed', false],
    ['emergency', 'emergency', false],
    ['emergency', 'timed', false],
    ['timed', 'loop', false],
  ])('should decide pre-emption of %s by %s as %p', (current, incoming, expected) => {
    expect(shouldPreempt(current, incoming)).toBe(expected);
  });
});
