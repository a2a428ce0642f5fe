import { createHash } from 'crypto';
import { canonicalize } from '../envelope/canonical-json';
import type { MediaRef } from '../model/playlist';
import { CompileDevice, CompileInput, CompileResult, compilePlaylist, ScheduleSpec } from './compile-playlist';
import { referenceCompilePlaylist } from './reference-compile-playlist';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
/** 2025-03-01 08:00 in Shanghai. */
const NOW = Date.parse('2025-03-01T00:00:00.000Z');

const speaker: CompileDevice = {
  id: 'spk-1',
  kind: 'speaker',
  profile: 'speaker',
  regionCodes: ['510811100201', '510811100000', '510811000000', '510800000000', '510000000000'],
  tags: ['river'],
};
const tv: CompileDevice = { id: 'tv-1', kind: 'tv', profile: 'hall-tv-1080p', regionCodes: ['510811000000', '510800000000', '510000000000'] };

function mediaOf(name: string, durationMs: number): MediaRef {
  const sha256 = createHash('sha256').update(name).digest('hex');
  return { url: `/media/${sha256}.mp3`, sha256, size: 1000, durationMs, mime: 'audio/mpeg' };
}

function schedule(id: string, overrides: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return {
    id,
    contentId: `content-${id}`,
    revisionId: `rev-${id}`,
    title: `通知${id}`,
    priority: 'timed',
    targets: { regionCodes: ['510811000000'] },
    window: {},
    slots: { mode: 'times', times: ['07:00', '18:30'] },
    repeat: 1,
    ...overrides,
  };
}

function input(schedules: ScheduleSpec[], overrides: Partial<CompileInput> = {}): CompileInput {
  const media: Record<string, MediaRef> = {};
  for (const s of schedules) media[s.revisionId] = mediaOf(s.revisionId, 60_000);
  return { device: speaker, schedules, media, nowMs: NOW, horizonMs: 48 * HOUR, timezone: TZ, ...overrides };
}

/** Compiles with the fleet compiler, checking the reference gives the same bytes. */
function bothCompilers(i: CompileInput): CompileResult {
  const result = compilePlaylist(i);
  expect(JSON.stringify(result)).toBe(JSON.stringify(referenceCompilePlaylist(i)));
  return result;
}

const starts = (r: ReturnType<typeof compilePlaylist>): string[] => r.playlist.items.map((i) => i.startAt);

describe('compilePlaylist — slot expansion', () => {
  it('should expand daily times for every local day the horizon touches when the schedule has HH:MM slots', () => {
    const r = compilePlaylist(input([schedule('a')]));
    // 07:00 on 1 March (local) is 50 min before now - grace, so it is gone; 3 March 07:00 is after the horizon.
    expect(starts(r)).toEqual([
      '2025-03-01T10:30:00.000Z',
      '2025-03-01T23:00:00.000Z',
      '2025-03-02T10:30:00.000Z',
      '2025-03-02T23:00:00.000Z',
    ]);
    expect(r.playlist.items[0]).toMatchObject({
      slotId: 'a:2025-03-01T10:30:00.000Z',
      scheduleId: 'a',
      contentId: 'content-a',
      revisionId: 'rev-a',
      title: '通知a',
      priority: 'timed',
      repeat: 1,
      media: mediaOf('rev-a', 60_000),
    });
    expect(r.conflicts).toEqual([]);
  });

  it('should map a local time after midnight to the previous UTC day when the zone is Asia/Shanghai', () => {
    const r = compilePlaylist(input([schedule('a', { slots: { mode: 'times', times: ['00:30', '23:30'] } })], {
      device: { ...speaker, quietHours: [] },
      horizonMs: 24 * HOUR,
    }));
    expect(starts(r)).toEqual(['2025-03-01T15:30:00.000Z', '2025-03-01T16:30:00.000Z']);
  });

  it('should include a slot that started within the grace period and exclude one that started before it', () => {
    const fiveMinLate = NOW - 60 * 60_000 + 5 * 60_000; // 07:05 local
    const daily0700 = schedule('a', { slots: { mode: 'times', times: ['07:00'] } });
    expect(starts(compilePlaylist(input([daily0700], { nowMs: fiveMinLate, horizonMs: HOUR })))).toEqual(['2025-02-28T23:00:00.000Z']);
    expect(starts(compilePlaylist(input([daily0700], { nowMs: fiveMinLate, horizonMs: HOUR, graceMs: 60_000 })))).toEqual([]);
  });

  it('should include one-off slots inside the horizon and drop those outside it', () => {
    const r = compilePlaylist(
      input([schedule('a', { slots: { mode: 'times', times: ['2025-03-02T09:15', '2025-03-05T09:15', '2025-02-28T09:15'] } })]),
    );
    expect(starts(r)).toEqual(['2025-03-02T01:15:00.000Z']);
  });

  it('should resolve a leap-day one-off slot when the horizon spans 29 February 2028', () => {
    const r = compilePlaylist(
      input([schedule('a', { slots: { mode: 'times', times: ['2028-02-29T07:00'] } })], { nowMs: Date.parse('2028-02-28T00:00:00Z') }),
    );
    expect(starts(r)).toEqual(['2028-02-28T23:00:00.000Z']);
  });

  it('should expand daily slots across the month end when the horizon crosses into March', () => {
    const r = compilePlaylist(
      input([schedule('a', { slots: { mode: 'times', times: ['12:00'] } })], { nowMs: Date.parse('2025-02-27T00:00:00Z'), horizonMs: 72 * HOUR }),
    );
    expect(starts(r)).toEqual(['2025-02-27T04:00:00.000Z', '2025-02-28T04:00:00.000Z', '2025-03-01T04:00:00.000Z']);
  });

  it('should collapse duplicate slot times into one slot when a daily and a one-off entry coincide', () => {
    const r = compilePlaylist(input([schedule('a', { slots: { mode: 'times', times: ['18:30', '2025-03-01T18:30', '18:30'] } })], { horizonMs: 12 * HOUR }));
    expect(starts(r)).toEqual(['2025-03-01T10:30:00.000Z']);
    expect(r.conflicts).toEqual([]);
  });

  it('should clip slots to the schedule window with an inclusive from and an exclusive until', () => {
    const r = compilePlaylist(
      input([schedule('a', { window: { from: '2025-03-01T23:00:00.000Z', until: '2025-03-02T10:30:00.000Z' } })]),
    );
    expect(starts(r)).toEqual(['2025-03-01T23:00:00.000Z']);
  });

  it('should place a now-mode slot at its recorded instant when it is within the grace period', () => {
    const at = new Date(NOW - 2 * 60_000).toISOString();
    const r = compilePlaylist(input([schedule('e', { priority: 'emergency', slots: { mode: 'now', at } })]));
    expect(r.playlist.items.map((i) => [i.slotId, i.priority])).toEqual([[`e:${at}`, 'emergency']]);
  });

  it('should drop a now-mode slot when it was recorded before the grace period', () => {
    const at = new Date(NOW - 11 * 60_000).toISOString();
    expect(compilePlaylist(input([schedule('e', { slots: { mode: 'now', at } })])).playlist.items).toEqual([]);
  });

  it('should skip schedules when they do not target the device', () => {
    const r = compilePlaylist(input([schedule('a', { targets: { regionCodes: ['510812000000'], deviceIds: ['other'], kinds: ['tv'], tags: ['x'] } })]));
    expect(r.playlist.items).toEqual([]);
    expect(r.conflicts).toEqual([]);
  });
});

describe('compilePlaylist — loops', () => {
  it('should put loop schedules into loop ordered by scheduleId and not into the timeline', () => {
    const loops = ['z', 'b', 'm'].map((id) => schedule(id, { priority: 'loop', targets: { kinds: ['tv'] } }));
    const r = compilePlaylist(input(loops, { device: tv }));
    expect(r.playlist.items).toEqual([]);
    expect(r.playlist.loop).toEqual(
      ['b', 'm', 'z'].map((id) => ({ scheduleId: id, contentId: `content-${id}`, revisionId: `rev-${id}`, title: `通知${id}`, media: mediaOf(`rev-${id}`, 60_000) })),
    );
  });

  it('should leave a loop out when its window does not overlap now to the horizon end', () => {
    // Horizon: now (2025-03-01T00:00Z) to 2025-03-03T00:00Z.
    const r = bothCompilers(
      input(
        [
          schedule('after', { priority: 'loop', window: { from: '2025-03-03T00:00:00.001Z' } }),
          schedule('past', { priority: 'loop', window: { until: '2025-03-01T00:00:00.000Z' } }),
          schedule('empty', { priority: 'loop', window: { from: '2025-03-01T12:00:00.000Z', until: '2025-03-01T12:00:00.000Z' } }),
          schedule('current', { priority: 'loop', window: { from: '2025-03-01T00:00:00.000Z', until: '2025-03-04T00:00:00.000Z' } }),
        ],
        { device: { ...speaker, quietHours: [] } },
      ),
    );
    expect(r.playlist.loop.map((l) => [l.scheduleId, l.from, l.until])).toEqual([['current', undefined, undefined]]);
  });

  it('should set until when a loop window ends inside the horizon', () => {
    const r = bothCompilers(input([schedule('l', { priority: 'loop', window: { from: '2025-02-01T00:00:00.000Z', until: '2025-03-02T04:00:00.000Z' } })]));
    expect(r.playlist.loop).toEqual([expect.objectContaining({ scheduleId: 'l', until: '2025-03-02T04:00:00.000Z' })]);
    expect(r.playlist.loop[0]).not.toHaveProperty('from');
  });

  it('should list a loop and set from when its window starts inside the horizon', () => {
    const r = bothCompilers(
      input([
        schedule('later', { priority: 'loop', window: { from: '2025-03-02T01:00:00.000Z' } }),
        schedule('edge', { priority: 'loop', window: { from: '2025-03-03T00:00:00.000Z' } }),
        schedule('both', { priority: 'loop', window: { from: '2025-03-01T06:00:00.000Z', until: '2025-03-01T09:00:00.000Z' } }),
      ]),
    );
    expect(r.playlist.loop.map((l) => [l.scheduleId, l.from, l.until])).toEqual([
      ['both', '2025-03-01T06:00:00.000Z', '2025-03-01T09:00:00.000Z'],
      ['edge', '2025-03-03T00:00:00.000Z', undefined],
      ['later', '2025-03-02T01:00:00.000Z', undefined],
    ]);
    expect(r.playlist.loop[2]).not.toHaveProperty('until');
  });

  it('should normalise window instants to UTC when a loop window crosses local midnight in Asia/Shanghai', () => {
    const r = bothCompilers(
      input([schedule('night', { priority: 'loop', window: { from: '2025-03-01T23:30:00+08:00', until: '2025-03-02T00:30:00+08:00' } })], { device: tv }),
    );
    expect(r.playlist.loop).toEqual([
      expect.objectContaining({ scheduleId: 'night', from: '2025-03-01T15:30:00.000Z', until: '2025-03-01T16:30:00.000Z' }),
    ]);
  });

  it('should keep the bytes and version of an unbounded loop when the window boundaries lie outside the horizon', () => {
    const unbounded = bothCompilers(input([schedule('l', { priority: 'loop' })]));
    const bounded = bothCompilers(input([schedule('l', { priority: 'loop', window: { from: '2025-01-01T00:00:00.000Z', until: '2025-03-03T00:00:00.001Z' } })]));
    expect(canonicalize(bounded.playlist)).toBe(canonicalize(unbounded.playlist));
    expect(bounded.playlist.version).toBe(unbounded.playlist.version);
  });

  it('should change the version when a loop window boundary comes inside the horizon', () => {
    const unbounded = bothCompilers(input([schedule('l', { priority: 'loop' })]));
    const ending = bothCompilers(input([schedule('l', { priority: 'loop', window: { until: '2025-03-03T00:00:00.000Z' } })]));
    expect(ending.playlist.loop[0].until).toBe('2025-03-03T00:00:00.000Z');
    expect(ending.playlist.version).not.toBe(unbounded.playlist.version);
  });

  it('should report missing media for a loop whose window starts later in the horizon', () => {
    const r = bothCompilers({ ...input([schedule('l', { priority: 'loop', window: { from: '2025-03-02T00:00:00.000Z' } })]), media: {} });
    expect(r.playlist.loop).toEqual([]);
    expect(r.conflicts.map((c) => [c.kind, c.slotId])).toEqual([['missing-media', 'l:loop']]);
  });
});

describe('compilePlaylist — quiet hours', () => {
  const late = schedule('late', { slots: { mode: 'times', times: ['22:00', '05:59', '06:00', '21:59'] } });

  it('should drop and report timed slots when they start inside the default speaker quiet hours', () => {
    const r = compilePlaylist(input([late], { horizonMs: 24 * HOUR }));
    expect(starts(r)).toEqual(['2025-03-01T13:59:00.000Z', '2025-03-01T22:00:00.000Z']);
    expect(r.playlist.quietHours).toEqual([{ from: '22:00', until: '06:00' }]);
    expect(r.conflicts).toEqual([
      {
        kind: 'quiet-hours',
        slotId: 'late:2025-03-01T14:00:00.000Z',
        scheduleId: 'late',
        message: '《通知late》2025-03-01 22:00 的播出落在静音时段 22:00–06:00 内，已跳过',
      },
      {
        kind: 'quiet-hours',
        slotId: 'late:2025-03-01T21:59:00.000Z',
        scheduleId: 'late',
        message: '《通知late》2025-03-02 05:59 的播出落在静音时段 22:00–06:00 内，已跳过',
      },
    ]);
  });

  it('should keep emergency slots when they start inside quiet hours', () => {
    const r = compilePlaylist(input([{ ...late, priority: 'emergency' }], { horizonMs: 24 * HOUR }));
    expect(r.playlist.items).toHaveLength(4);
    expect(r.conflicts).toEqual([]);
  });

  it('should apply no quiet hours when the device is not a speaker and has none configured', () => {
    const r = compilePlaylist(input([{ ...late, targets: { kinds: ['tv'] } }], { device: tv, horizonMs: 24 * HOUR }));
    expect(r.playlist.items).toHaveLength(4);
    expect(r.playlist.quietHours).toEqual([]);
  });

  it('should apply no quiet hours when a speaker is explicitly configured with none', () => {
    const r = compilePlaylist(input([late], { device: { ...speaker, quietHours: [] }, horizonMs: 24 * HOUR }));
    expect(r.playlist.items).toHaveLength(4);
  });

  it('should use the configured non-wrapping range when the device has custom quiet hours', () => {
    const noon = schedule('noon', { slots: { mode: 'times', times: ['11:59', '12:00', '13:29', '13:30'] } });
    const r = compilePlaylist(input([noon], { device: { ...speaker, quietHours: [{ from: '12:00', until: '13:30' }] }, horizonMs: 12 * HOUR }));
    expect(starts(r)).toEqual(['2025-03-01T03:59:00.000Z', '2025-03-01T05:30:00.000Z']);
    expect(r.conflicts.map((c) => c.kind)).toEqual(['quiet-hours', 'quiet-hours']);
  });

  it('should throw when a quiet-hours range is malformed even if no slot is affected', () => {
    expect(() => compilePlaylist(input([], { device: { ...speaker, quietHours: [{ from: '22', until: '06:00' }] } }))).toThrow(
      '静音时段格式错误：22',
    );
  });
});

describe('compilePlaylist — overlaps', () => {
  function withMedia(schedules: ScheduleSpec[], durations: Record<string, number>, overrides: Partial<CompileInput> = {}): CompileInput {
    const base = input(schedules, { device: { ...speaker, quietHours: [] }, horizonMs: 12 * HOUR, ...overrides });
    for (const [rev, ms] of Object.entries(durations)) base.media[rev] = mediaOf(rev, ms);
    return base;
  }
  const at = (id: string, time: string, extra: Partial<ScheduleSpec> = {}): ScheduleSpec =>
    schedule(id, { slots: { mode: 'times', times: [time] }, ...extra });

  it('should keep the earlier item and report the later one when two timed items overlap', () => {
    const r = compilePlaylist(withMedia([at('b', '09:02'), at('a', '09:00')], { 'rev-a': 5 * 60_000, 'rev-b': 60_000 }));
    expect(r.playlist.items.map((i) => i.slotId)).toEqual(['a:2025-03-01T01:00:00.000Z']);
    expect(r.conflicts).toEqual([
      {
        kind: 'overlap',
        slotId: 'b:2025-03-01T01:02:00.000Z',
        scheduleId: 'b',
        otherSlotId: 'a:2025-03-01T01:00:00.000Z',
        message: '《通知b》2025-03-01 09:02 的播出与《通知a》2025-03-01 09:00 的播出时间重叠，已让位跳过',
      },
    ]);
  });

  it('should keep the higher priority item when an emergency overlaps an earlier timed item', () => {
    const r = compilePlaylist(withMedia([at('a', '09:00'), at('e', '09:02', { priority: 'emergency' })], { 'rev-a': 5 * 60_000 }));
    expect(r.playlist.items.map((i) => i.scheduleId)).toEqual(['e']);
    expect(r.conflicts.map((c) => [c.kind, c.scheduleId, c.otherSlotId])).toEqual([['overlap', 'a', 'e:2025-03-01T01:02:00.000Z']]);
  });

  it('should break a tie by slotId when two items of equal priority start together', () => {
    const r = compilePlaylist(withMedia([at('y', '09:00'), at('x', '09:00')], {}));
    expect(r.playlist.items.map((i) => i.scheduleId)).toEqual(['x']);
    expect(r.conflicts.map((c) => c.slotId)).toEqual(['y:2025-03-01T01:00:00.000Z']);
  });

  it('should count repeats in the occupied span when a repeated item runs into the next one', () => {
    const schedules = [at('a', '09:00', { repeat: 2 }), at('b', '09:03')];
    expect(compilePlaylist(withMedia(schedules, { 'rev-a': 2 * 60_000 })).playlist.items.map((i) => i.scheduleId)).toEqual(['a']);
    schedules[0].repeat = 1;
    expect(compilePlaylist(withMedia(schedules, { 'rev-a': 2 * 60_000 })).playlist.items.map((i) => i.scheduleId)).toEqual(['a', 'b']);
  });

  it('should keep an item that starts exactly when the previous one ends', () => {
    const r = compilePlaylist(withMedia([at('a', '09:00'), at('b', '09:01')], { 'rev-a': 60_000 }));
    expect(r.playlist.items.map((i) => i.scheduleId)).toEqual(['a', 'b']);
  });

  it('should only drop the middle item when it overlaps its neighbours but they do not overlap each other', () => {
    const r = compilePlaylist(withMedia([at('a', '09:00'), at('b', '09:05'), at('c', '09:12')], { 'rev-a': 10 * 60_000, 'rev-b': 10 * 60_000 }));
    expect(r.playlist.items.map((i) => i.scheduleId)).toEqual(['a', 'c']);
    expect(r.conflicts.map((c) => [c.scheduleId, c.otherSlotId])).toEqual([['b', 'a:2025-03-01T01:00:00.000Z']]);
  });
});

describe('compilePlaylist — media, ordering and version', () => {
  it('should report missing-media and drop the item when the revision has no media for the profile', () => {
    const r = compilePlaylist({ ...input([schedule('a')], { horizonMs: 12 * HOUR }), media: {} });
    expect(r.playlist.items).toEqual([]);
    expect(r.conflicts).toEqual([
      { kind: 'missing-media', slotId: 'a:2025-03-01T10:30:00.000Z', scheduleId: 'a', message: '《通知a》缺少适用于设备配置 speaker 的媒体文件，已跳过' },
    ]);
  });

  it('should report missing-media when the revision id names an Object.prototype member', () => {
    const r = compilePlaylist({ ...input([schedule('a', { revisionId: 'constructor' })], { horizonMs: 12 * HOUR }), media: {} });
    expect(r.conflicts.map((c) => c.kind)).toEqual(['missing-media']);
  });

  it('should report missing-media with a loop slot id when a loop schedule has no media', () => {
    const r = compilePlaylist({ ...input([schedule('l', { priority: 'loop' })]), media: {} });
    expect(r.playlist.loop).toEqual([]);
    expect(r.conflicts.map((c) => [c.kind, c.slotId])).toEqual([['missing-media', 'l:loop']]);
  });

  it('should sort items by start time across schedules', () => {
    const r = compilePlaylist(input([schedule('b', { slots: { mode: 'times', times: ['12:00'] } }), schedule('a', { slots: { mode: 'times', times: ['10:00', '14:00'] } })], { horizonMs: 12 * HOUR }));
    expect(r.playlist.items.map((i) => i.slotId)).toEqual(['a:2025-03-01T02:00:00.000Z', 'b:2025-03-01T04:00:00.000Z', 'a:2025-03-01T06:00:00.000Z']);
  });

  it('should fill the playlist header from the device and the horizon', () => {
    const { playlist } = compilePlaylist(input([]));
    expect(playlist).toMatchObject({
      kind: 'playlist',
      deviceId: 'spk-1',
      regionCodes: speaker.regionCodes,
      timezone: TZ,
      horizon: { from: '2025-02-28T23:50:00.000Z', until: '2025-03-03T00:00:00.000Z' },
      items: [],
      loop: [],
    });
  });

  it('should set version to the sha256 of the canonical timeline, loop, quiet hours, regions and timezone', () => {
    const { playlist } = compilePlaylist(input([schedule('a'), schedule('l', { priority: 'loop' })]));
    const { items, loop, quietHours, openingHours, regionCodes, timezone } = playlist;
    expect(playlist.version).toBe(createHash('sha256').update(canonicalize({ items, loop, quietHours, openingHours, regionCodes, timezone })).digest('hex'));
  });

  it('should give screens 08:30–17:30 opening hours and speakers none when no opening hours are set', () => {
    const screen = compilePlaylist({ ...input([]), device: { ...input([]).device, kind: 'tv', profile: 'hall-tv-1080p' } }).playlist;
    expect(screen.openingHours).toEqual([{ from: '08:30', until: '17:30' }]);
    const speaker = compilePlaylist({ ...input([]), device: { ...input([]).device, kind: 'speaker' } }).playlist;
    expect(speaker.openingHours).toEqual([]);
  });

  it('should change the version when only the opening hours change', () => {
    const base = input([schedule('l', { priority: 'loop' })]);
    const a = compilePlaylist({ ...base, device: { ...base.device, openingHours: [{ from: '08:00', until: '12:00' }] } }).playlist;
    const b = compilePlaylist({ ...base, device: { ...base.device, openingHours: [{ from: '08:00', until: '17:00' }] } }).playlist;
    expect(a.version).not.toBe(b.version);
  });

  it('should keep slot ids and version when recompiled a minute later with the same items', () => {
    const first = compilePlaylist(input([schedule('a')]));
    const later = compilePlaylist(input([schedule('a')], { nowMs: NOW + 60_000 }));
    expect(later.playlist.items.map((i) => i.slotId)).toEqual(first.playlist.items.map((i) => i.slotId));
    expect(later.playlist.version).toBe(first.playlist.version);
    expect(later.playlist.horizon).not.toEqual(first.playlist.horizon);
  });

  it('should change version when the timeline changes', () => {
    const base = compilePlaylist(input([schedule('a')])).playlist.version;
    expect(compilePlaylist(input([schedule('a', { repeat: 2 })])).playlist.version).not.toBe(base);
    expect(compilePlaylist(input([schedule('a')], { device: { ...speaker, quietHours: [] } })).playlist.version).not.toBe(base);
  });

  it('should give an identical result when schedules arrive in another order', () => {
    const schedules = [schedule('c', { slots: { mode: 'times', times: ['07:00'] } }), schedule('a'), schedule('b', { priority: 'loop' })];
    expect(compilePlaylist(input([...schedules].reverse()))).toEqual(compilePlaylist(input(schedules)));
  });
});

describe('compilePlaylist — invalid schedules', () => {
  it.each<[string, Partial<ScheduleSpec>, string]>([
    ['a malformed slot time', { slots: { mode: 'times', times: ['7:00'] } }, '播出时间格式错误：7:00'],
    ['a non-existent one-off date', { slots: { mode: 'times', times: ['2025-02-29T07:00'] } }, '播出时间格式错误'],
    ['a malformed now instant', { slots: { mode: 'now', at: 'yesterday' } }, '开始时间不是有效的 ISO-8601 时间'],
    ['a malformed window', { window: { until: '2025-03-02' } }, '截止时间不是有效的 ISO-8601 时间'],
    ['a zero repeat', { repeat: 0 }, '重复次数必须是正整数'],
  ])('should throw when a targeted schedule has %s', (_label, overrides, message) => {
    expect(() => compilePlaylist(input([schedule('bad', overrides)]))).toThrow(message);
  });
});
