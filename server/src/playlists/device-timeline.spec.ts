import { createPlaylistCompiler, MediaRef, ScheduleSpec } from '@sunshine/playlists';
import { deviceTimeline, loopSpans, slotStartOf } from './device-timeline';

const TZ = 'Asia/Shanghai';
const at = (local: string): number => Date.parse(`${local}+08:00`);
const DAY = { fromMs: at('2026-12-02T00:00:00'), untilMs: at('2026-12-03T00:00:00') };
const clock = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);

const media = (durationMs: number, sha: string): MediaRef => ({ url: `/media/${sha}.mp3`, sha256: sha.repeat(64).slice(0, 64), size: 1000, durationMs, mime: 'audio/mpeg' });
const spec = (id: string, title: string, times: string[], extra: Partial<ScheduleSpec> = {}): ScheduleSpec => ({
  id,
  contentId: `c-${id}`,
  revisionId: `r-${id}`,
  title,
  priority: 'timed',
  targets: { regionCodes: ['510811000000'] },
  window: {},
  slots: { mode: 'times', times },
  repeat: 1,
  ...extra,
});

function compileDay(specs: ScheduleSpec[], mediaByRevision: Record<string, MediaRef>, device: { kind: string; openingHours?: Array<{ from: string; until: string }> }) {
  const compiler = createPlaylistCompiler({ schedules: specs, nowMs: DAY.fromMs + 10 * 60_000, horizonMs: DAY.untilMs - DAY.fromMs - 10 * 60_000, timezone: TZ });
  const { playlist, conflicts } = compiler.compile(
    { id: 'dev', kind: device.kind, profile: device.kind, regionCodes: ['510811100201', '510811100000', '510811000000'], openingHours: device.openingHours },
    mediaByRevision,
  );
  return { playlist, conflicts };
}

describe('deviceTimeline', () => {
  const specs = [
    spec('a', '早间通知', ['07:00']),
    spec('b', '重叠通知', ['07:00']),
    spec('c', '夜间通知', ['23:00']),
    spec('d', '无媒体通知', ['12:00']),
  ];
  const mediaByRevision = { 'r-a': media(60_000, 'a'), 'r-b': media(30_000, 'b'), 'r-c': media(30_000, 'c') };

  it('should list what plays and what the compiler dropped, with why', () => {
    const { playlist, conflicts } = compileDay(specs, mediaByRevision, { kind: 'speaker' });
    const t = deviceTimeline({ playlist, conflicts, specs, media: mediaByRevision, ...DAY, clock });
    expect(t.map((e) => [clock(e.startMs), e.title, e.status])).toEqual([
      ['07:00', '早间通知', 'plays'],
      ['07:00', '重叠通知', 'overlap'],
      ['12:00', '无媒体通知', 'no-media'],
      ['23:00', '夜间通知', 'dropped-quiet-hours'],
    ]);
    expect(t[0].endMs! - t[0].startMs).toBe(60_000);
    expect(t[3].reason).toContain('静音时段 22:00–06:00');
    expect(t[1].reason).toContain('时间重叠');
  });

  it('should mark an item an emergency broadcast overlaps as pre-empted and list the alert', () => {
    const { playlist, conflicts } = compileDay(specs, mediaByRevision, { kind: 'speaker' });
    const alerts = [{ id: 'al', title: '山洪预警', startMs: at('2026-12-02T07:00:30'), endMs: at('2026-12-02T07:02:00') }];
    const t = deviceTimeline({ playlist, conflicts, specs, media: mediaByRevision, ...DAY, clock, alerts });
    expect(t.find((e) => e.title === '早间通知')?.status).toBe('pre-empted');
    expect(t.find((e) => e.kind === 'alert')).toMatchObject({ alertId: 'al', status: 'plays', priority: 'emergency' });
  });

  it('should show a screen loop member within opening hours and its own window', () => {
    const loop = spec('l', '轮播', [], { priority: 'loop', window: { from: new Date(at('2026-12-02T10:00:00')).toISOString() } });
    const m = { 'r-l': media(20_000, 'l') };
    const { playlist, conflicts } = compileDay([loop], m, { kind: 'tv', openingHours: [{ from: '08:30', until: '17:30' }] });
    const t = deviceTimeline({ playlist, conflicts, specs: [loop], media: m, ...DAY, clock });
    expect(t.map((e) => [e.kind, clock(e.startMs), clock(e.endMs!), e.status])).toEqual([['loop', '10:00', '17:30', 'plays']]);
  });

  it('should span midnight-wrapping opening hours as two pieces of the day', () => {
    const loop = spec('l', '轮播', [], { priority: 'loop' });
    const m = { 'r-l': media(20_000, 'l') };
    const { playlist } = compileDay([loop], m, { kind: 'tv', openingHours: [{ from: '20:00', until: '02:00' }] });
    const spans = loopSpans(playlist, playlist.loop[0], DAY.fromMs, DAY.untilMs);
    expect(spans.map(([a, b]) => `${clock(a)}-${clock(b)}`)).toEqual(['00:00-02:00', '20:00-00:00']);
  });

  it('should read the start of a slot id and none of a loop id', () => {
    expect(slotStartOf('abc:2026-12-02T07:00:00.000Z')).toBe(Date.parse('2026-12-02T07:00:00.000Z'));
    expect(slotStartOf('abc:loop')).toBeNull();
  });
});
