import { createHash } from 'crypto';
import { mulberry32 } from '../../../bench/support/seeded-random';
import { canonicalize } from '../envelope/canonical-json';
import type { MediaRef, PlayPriority, QuietHours } from '../model/playlist';
import { CompileDevice, CompileResult, compilePlaylist, ScheduleSpec } from './compile-playlist';
import { createPlaylistCompiler } from './playlist-compiler';
import { referenceCompilePlaylist } from './reference-compile-playlist';

const HOUR = 3_600_000;
const PROFILES = ['speaker', 'hall-tv-1080p', 'led-384x192'] as const;
const KIND_OF: Record<(typeof PROFILES)[number], string> = { speaker: 'speaker', 'hall-tv-1080p': 'tv', 'led-384x192': 'led' };
const TOWNS = ['510811100000', '510811101000', '510811200000'];
const VILLAGES = TOWNS.flatMap((t) => [1, 2, 3].map((v) => `${t.slice(0, 9)}20${v}`));
const TAGS = ['river', 'yi', 'market', 'outdoor'];

interface Scenario {
  label: string;
  seed: number;
  timezone: string;
  nowMs: number;
  horizonMs: number;
}

const SCENARIOS: Scenario[] = [
  { label: 'Asia/Shanghai, a week from a Monday morning', seed: 1, timezone: 'Asia/Shanghai', nowMs: Date.parse('2027-03-29T00:00:00Z'), horizonMs: 7 * 24 * HOUR },
  { label: 'Asia/Shanghai, two days from just before midnight', seed: 2, timezone: 'Asia/Shanghai', nowMs: Date.parse('2027-03-29T15:55:00Z'), horizonMs: 48 * HOUR },
  { label: 'Asia/Shanghai, across the leap day', seed: 3, timezone: 'Asia/Shanghai', nowMs: Date.parse('2028-02-27T20:00:00Z'), horizonMs: 4 * 24 * HOUR },
  { label: 'America/New_York, across the spring-forward gap', seed: 4, timezone: 'America/New_York', nowMs: Date.parse('2027-03-13T12:00:00Z'), horizonMs: 3 * 24 * HOUR },
  { label: 'Europe/Berlin, across the fall-back overlap', seed: 5, timezone: 'Europe/Berlin', nowMs: Date.parse('2027-10-30T12:00:00Z'), horizonMs: 2 * 24 * HOUR },
];

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A local "YYYY-MM-DDTHH:MM" some minutes after now, read as if the zone were UTC+8 (close enough to vary). */
function onceTime(nowMs: number, offsetMinutes: number): string {
  return new Date(nowMs + 8 * HOUR + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

function fleet(scenario: Scenario): { devices: CompileDevice[]; schedules: ScheduleSpec[]; media: Record<string, Record<string, MediaRef>> } {
  const rand = mulberry32(scenario.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const some = <T>(list: readonly T[], max: number): T[] => list.filter(() => rand() < max / list.length);
  const quietChoices: Array<QuietHours[] | undefined> = [
    undefined,
    [],
    [{ from: '21:00', until: '06:30' }],
    [{ from: '12:00', until: '13:30' }, { from: '23:00', until: '05:00' }],
    [{ from: '08:00', until: '08:00' }],
  ];
  const devices: CompileDevice[] = Array.from({ length: 60 }, (_, i) => {
    const profile = PROFILES[i % PROFILES.length];
    const village = pick(VILLAGES);
    const town = `${village.slice(0, 9)}000`;
    return {
      id: `dev-${String(i).padStart(2, '0')}`,
      kind: KIND_OF[profile],
      profile,
      regionCodes: [village, town, '510811000000', '510800000000', '510000000000'],
      tags: rand() < 0.2 ? undefined : some(TAGS, 1.5),
      quietHours: pick(quietChoices),
      openingHours: rand() < 0.7 ? undefined : [{ from: hhmm(420 + Math.floor(rand() * 120)), until: '18:00' }],
    };
  });

  const media: Record<string, Record<string, MediaRef>> = Object.fromEntries(PROFILES.map((p) => [p, {}]));
  const schedules: ScheduleSpec[] = [];
  const nowMinuteLocal = Math.floor((scenario.nowMs + 8 * HOUR) / 60_000) % 1440;
  for (let n = 0; n < 45; n++) {
    const id = `s${String(n).padStart(2, '0')}`;
    const revisionId = `rev-${n}`;
    // Lengths from zero to long enough to swallow the next slot, so overlaps and exact abutments both occur.
    const durationMs = pick([0, 30_000, 5 * 60_000, 10 * 60_000, 45 * 60_000]);
    for (const profile of PROFILES) {
      if (rand() < 0.1) continue; // missing media for this profile
      const sha256 = createHash('sha256').update(`${revisionId}/${profile}`).digest('hex');
      media[profile][revisionId] = { url: `/media/${sha256}.mp3`, sha256, size: 1000 + n, durationMs, mime: 'audio/mpeg' };
    }
    const priority: PlayPriority = pick(['timed', 'timed', 'timed', 'emergency', 'loop']);
    const targets = pick([
      { regionCodes: ['510811000000'] },
      { regionCodes: [pick(TOWNS)] },
      { regionCodes: some(VILLAGES, 3) },
      { deviceIds: devices.filter(() => rand() < 0.2).map((d) => d.id) },
      { kinds: [pick(['speaker', 'tv', 'led'])] },
      { tags: [pick(TAGS)], regionCodes: [pick(TOWNS)] },
    ]);
    const window = pick<ScheduleSpec['window']>([
      {},
      {},
      { from: new Date(scenario.nowMs + 20 * HOUR).toISOString() },
      { until: new Date(scenario.nowMs + 30 * HOUR).toISOString() },
      { from: new Date(scenario.nowMs - 48 * HOUR).toISOString(), until: new Date(scenario.nowMs - HOUR).toISOString() },
      // Starts and ends mid-horizon (written with an offset, as an operator's local input may be).
      { from: isoPlus8(scenario.nowMs + 3 * HOUR + 30 * 60_000), until: isoPlus8(scenario.nowMs + 9 * HOUR) },
      // Ends exactly at the horizon end (inside it) / starts exactly at it.
      { until: new Date(scenario.nowMs + scenario.horizonMs).toISOString() },
      { from: new Date(scenario.nowMs + scenario.horizonMs).toISOString() },
    ]);
    const slotKind = rand();
    const slots: ScheduleSpec['slots'] =
      slotKind < 0.1
        ? { mode: 'now', at: new Date(scenario.nowMs - Math.floor(rand() * 20) * 60_000).toISOString() }
        : slotKind < 0.35
          ? // Like an expanded RRULE: one-off local times, some across midnight, some in quiet hours, a duplicate.
            { mode: 'times', times: [0, 1, 2, 3].map((d) => onceTime(scenario.nowMs, d * 1440 + 60 * (22 + Math.floor(rand() * 5)))).concat(onceTime(scenario.nowMs, 1440 + 23 * 60)) }
          : { mode: 'times', times: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => hhmm(nowMinuteLocal + 5 * Math.floor(rand() * 288))) };
    schedules.push({ id, contentId: `content-${n % 30}`, revisionId, title: `通知${n}`, priority, targets, window, slots, repeat: 1 + Math.floor(rand() * 3) });
  }
  // Schedules arrive in no particular order; the compiler sorts them.
  return { devices, schedules: schedules.reverse(), media };
}

/** The instant written with a +08:00 offset. */
function isoPlus8(ms: number): string {
  return `${new Date(ms + 8 * HOUR).toISOString().slice(0, 23)}+08:00`;
}

const bytes = (r: CompileResult): string => `${JSON.stringify(r)}\n${canonicalize(r.playlist)}`;

describe('createPlaylistCompiler', () => {
  it.each(SCENARIOS)('should give byte-identical results to the reference compiler when compiling a varied fleet ($label)', (scenario) => {
    const { devices, schedules, media } = fleet(scenario);
    const { nowMs, horizonMs, timezone } = scenario;
    const compiler = createPlaylistCompiler({ schedules, nowMs, horizonMs, timezone });
    const seen = { items: 0, loop: 0, loopFrom: 0, loopUntil: 0, kinds: new Set<string>() };
    for (const device of devices) {
      const reference = referenceCompilePlaylist({ device, schedules, media: media[device.profile], nowMs, horizonMs, timezone });
      expect(bytes(compiler.compile(device, media[device.profile]))).toBe(bytes(reference));
      expect(bytes(compilePlaylist({ device, schedules, media: media[device.profile], nowMs, horizonMs, timezone }))).toBe(bytes(reference));
      seen.items += reference.playlist.items.length;
      seen.loop += reference.playlist.loop.length;
      seen.loopFrom += reference.playlist.loop.filter((l) => l.from !== undefined).length;
      seen.loopUntil += reference.playlist.loop.filter((l) => l.until !== undefined).length;
      for (const c of reference.conflicts) seen.kinds.add(c.kind);
    }
    // The inputs must actually exercise what they are meant to.
    expect(seen.items).toBeGreaterThan(100);
    expect(seen.loop).toBeGreaterThan(0);
    expect(seen.loopFrom).toBeGreaterThan(0);
    expect(seen.loopUntil).toBeGreaterThan(0);
    expect([...seen.kinds].sort()).toEqual(['missing-media', 'overlap', 'quiet-hours']);
  });

  it('should give the same result when a device is compiled again by a compiler that has seen similar devices', () => {
    const scenario = SCENARIOS[0];
    const { devices, schedules, media } = fleet(scenario);
    const options = { schedules, nowMs: scenario.nowMs, horizonMs: scenario.horizonMs, timezone: scenario.timezone };
    const warm = createPlaylistCompiler(options);
    const first = devices.map((d) => bytes(warm.compile(d, media[d.profile])));
    const again = [...devices].reverse().map((d) => bytes(warm.compile(d, media[d.profile]))).reverse();
    expect(again).toEqual(first);
    const twin = { ...devices[0], id: 'dev-twin', regionCodes: [...devices[1].regionCodes] };
    expect(bytes(warm.compile(twin, media[twin.profile]))).toBe(bytes(referenceCompilePlaylist({ ...options, device: twin, media: media[twin.profile] })));
  });

  it('should throw the reference error only for devices that an invalid schedule targets', () => {
    const scenario = SCENARIOS[0];
    const { devices, schedules, media } = fleet(scenario);
    const broken: ScheduleSpec = { ...schedules[0], id: 'zz-broken', targets: { deviceIds: [devices[0].id] }, priority: 'timed', slots: { mode: 'times', times: ['25:00'] } };
    const options = { schedules: [...schedules, broken], nowMs: scenario.nowMs, horizonMs: scenario.horizonMs, timezone: scenario.timezone };
    const compiler = createPlaylistCompiler(options);
    const message = '排期 zz-broken 的播出时间格式错误：25:00（应为 HH:MM 或 YYYY-MM-DDTHH:MM）';
    expect(() => referenceCompilePlaylist({ ...options, device: devices[0], media: media[devices[0].profile] })).toThrow(message);
    expect(() => compiler.compile(devices[0], media[devices[0].profile])).toThrow(message);
    expect(() => compiler.compile(devices[0], media[devices[0].profile])).toThrow(message);
    expect(bytes(compiler.compile(devices[1], media[devices[1].profile]))).toBe(
      bytes(referenceCompilePlaylist({ ...options, device: devices[1], media: media[devices[1].profile] })),
    );
  });

  it('should share frozen items between devices when they have the same timeline', () => {
    const scenario = SCENARIOS[0];
    const { devices, schedules, media } = fleet(scenario);
    const compiler = createPlaylistCompiler({ schedules, nowMs: scenario.nowMs, horizonMs: scenario.horizonMs, timezone: scenario.timezone });
    const a = compiler.compile(devices[0], media[devices[0].profile]);
    const b = compiler.compile({ ...devices[0], regionCodes: [...devices[0].regionCodes] }, media[devices[0].profile]);
    expect(a.playlist.items.length).toBeGreaterThan(0);
    expect(b.playlist.items[0]).toBe(a.playlist.items[0]);
    expect(Object.isFrozen(a.playlist.items[0])).toBe(true);
    expect(b.playlist.items).not.toBe(a.playlist.items);
    expect(b.playlist.version).toBe(a.playlist.version);
  });
});
