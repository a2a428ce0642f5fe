/**
 * A synthetic county for the compile benchmark: 12 towns × 150 villages with 12-digit statistical division
 * codes, 10,000 devices (loudspeakers, hall TVs, LED screens) and 200 schedules mixing what a county media centre
 * really runs. Deterministic (seeded), so runs are comparable.
 */
import { DEFAULT_GRACE_MS, type CompileDevice, type MediaRef, type ScheduleSpec } from '@sunshine/playlists';
import { createHash } from 'node:crypto';
import { expandRecurrence, localWindowFor, RECURRENCE_PRESETS } from '../../server/src/schedules/recurrence';
import { mulberry32 } from './seeded-random';

export const TIMEZONE = 'Asia/Shanghai';
export const HORIZON_MS = 7 * 86_400_000;
/** Monday 2027-03-29 08:00 in Asia/Shanghai. */
export const NOW_MS = Date.parse('2027-03-29T00:00:00Z');

/** A county in Sichuan (51), prefecture 34, county 33 — shaped like a real code, not a real place. */
const COUNTY = '513433000000';
const TOWNS = 12;
const VILLAGES_PER_TOWN = 150;
/** Residents' committees (社区, 001–…) come first, then villages (村, 201–…), as in the statistics office's tables. */
const COMMUNITIES_PER_TOWN = 10;

/** Village broadcasts air in three sessions (morning, noon, evening); notices start on 10-minute marks within them. */
const DAILY_TIMES = [...session(6, 30, 8, 0), ...session(12, 0, 13, 0), ...session(18, 0, 20, 30)];
/** Village and device-level notices go between the town's (":05"), so they clash only now and then. */
const BETWEEN_TIMES = DAILY_TIMES.map((t) => `${t.slice(0, 4)}5`);
const COUNTY_TIMES = ['07:05', '12:05', '18:05', '19:05', '20:05'];
/** A few schedules land in loudspeakers' quiet hours, as operators' mistakes do: the compiler must report them. */
const LATE_TIMES = ['22:30', '05:30'];
const CUSTOM_RULES = [
  'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=9;BYMINUTE=0',
  'FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=10;BYMINUTE=30',
  'FREQ=DAILY;INTERVAL=2;BYHOUR=17;BYMINUTE=45',
  'FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=8;BYMINUTE=15',
];
const PROFILES = ['speaker', 'hall-tv-1080p', 'led-384x192', 'led-strip-1024x64'] as const;

export interface SyntheticCounty {
  county: string;
  towns: string[];
  villages: string[];
  devices: CompileDevice[];
  schedules: ScheduleSpec[];
  /** profile → revisionId → media. */
  media: Record<string, Record<string, MediaRef>>;
  /** How many schedules of each sort. */
  mix: Record<string, number>;
}

export function syntheticCounty(deviceCount = 10_000, scheduleCount = 200): SyntheticCounty {
  const rand = mulberry32(20270329);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const sample = <T>(list: readonly T[], n: number): T[] => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  };

  const prefix = COUNTY.slice(0, 6);
  // 8 towns (镇, 100–107) and 4 townships (乡, 200–203).
  const towns = Array.from({ length: TOWNS }, (_, i) => `${prefix}${i < 8 ? 100 + i : 200 + i - 8}000`);
  const villagesOf = new Map(
    towns.map((town) => [
      town,
      Array.from({ length: VILLAGES_PER_TOWN }, (_, v) => {
        const n = v < COMMUNITIES_PER_TOWN ? v + 1 : 201 + v - COMMUNITIES_PER_TOWN;
        return `${town.slice(0, 9)}${String(n).padStart(3, '0')}`;
      }),
    ]),
  );
  const villages = towns.flatMap((t) => villagesOf.get(t)!);

  const devices: CompileDevice[] = Array.from({ length: deviceCount }, (_, i) => {
    const village = villages[i % villages.length];
    const town = `${village.slice(0, 9)}000`;
    const regionCodes = [village, town, COUNTY, `${prefix.slice(0, 4)}00000000`, `${prefix.slice(0, 2)}0000000000`];
    const slot = i % 25;
    if (slot < 20) {
      // Some villages keep their speakers quiet longer (farming season); most use the default 22:00–06:00.
      const quietHours = i % 7 === 0 ? [{ from: '21:00', until: '06:30' }] : undefined;
      const tags = village.endsWith('1') ? ['village', 'yi'] : ['village'];
      return { id: `spk-${village}-${Math.floor(i / villages.length) + 1}`, kind: 'speaker', profile: 'speaker', regionCodes, tags, quietHours };
    }
    if (slot < 23) return { id: `tv-${village}-${i}`, kind: 'tv', profile: 'hall-tv-1080p', regionCodes, tags: ['service-hall'] };
    const profile = i % 2 === 0 ? 'led-384x192' : 'led-strip-1024x64';
    return { id: `led-${village}-${i}`, kind: 'led', profile, regionCodes, tags: ['outdoor'] };
  });

  const window = localWindowFor(NOW_MS, HORIZON_MS, DEFAULT_GRACE_MS, TIMEZONE);
  const dtstart = '2027-03-01T00:00';
  const media: SyntheticCounty['media'] = Object.fromEntries(PROFILES.map((p) => [p, {}]));
  const mix: Record<string, number> = {};
  const schedules: ScheduleSpec[] = [];
  const add = (sort: string, spec: Omit<ScheduleSpec, 'id' | 'contentId' | 'revisionId' | 'title' | 'repeat'> & { repeat?: number }): void => {
    const n = schedules.length + 1;
    const revisionId = `rev-${n}`;
    const durationMs = 20_000 + Math.floor(rand() * 160_000);
    for (const profile of PROFILES) {
      // LED strip renditions lag behind now and then: the compiler reports those as missing media.
      if (profile === 'led-strip-1024x64' && n % 9 === 0) continue;
      const sha256 = createHash('sha256').update(`${revisionId}/${profile}`).digest('hex');
      const video = profile !== 'speaker';
      const size = Math.round((durationMs / 1000) * (video ? 250_000 : 8_000));
      media[profile][revisionId] = { url: `/media/${sha256}.${video ? 'mp4' : 'mp3'}`, sha256, size, durationMs, mime: video ? 'video/mp4' : 'audio/mpeg' };
    }
    schedules.push({ id: `sch-${String(n).padStart(3, '0')}`, contentId: `content-${n}`, revisionId, title: `通知公告 ${n}`, repeat: spec.repeat ?? 1, ...spec });
    mix[sort] = (mix[sort] ?? 0) + 1;
  };
  const between = (n: number): string[] => sample(BETWEEN_TIMES, n).sort();
  // The town office gives each of its ~9 schedules its own marks: 3j, 3j+11, 3j+22 (mod 33) never coincide.
  const townTimes = (k: number): string[] => {
    const j = Math.floor(k / TOWNS);
    return Array.from({ length: 1 + (k % 3) }, (_, m) => DAILY_TIMES[(3 * j + 11 * m) % DAILY_TIMES.length]).sort();
  };
  const plan: Array<[sort: string, count: number, make: (k: number) => void]> = [
    ['town-daily', 105, (k) => add('town-daily', { priority: 'timed', targets: { regionCodes: [towns[k % TOWNS]] }, window: {}, slots: { mode: 'times', times: k % 15 === 0 ? [pick(LATE_TIMES)] : townTimes(k) } })],
    ['village-daily', 20, () => add('village-daily', { priority: 'timed', targets: { regionCodes: sample(villages, 5 + Math.floor(rand() * 20)) }, window: {}, slots: { mode: 'times', times: between(2) }, repeat: 2 })],
    ['county-daily', 5, (k) => add('county-daily', { priority: 'timed', targets: { regionCodes: [COUNTY] }, window: windowOf(rand), slots: { mode: 'times', times: [COUNTY_TIMES[k]] } })],
    [
      'rrule',
      20,
      (k) => {
        const rrule = k < RECURRENCE_PRESETS.length ? RECURRENCE_PRESETS[k].rrule : pick(CUSTOM_RULES);
        const times = expandRecurrence({ rrule, dtstart, exdates: k % 4 === 0 ? ['2027-03-31T07:00'] : [] }, window, { timeZone: TIMEZONE });
        // Targets are a union: a Yi-language series goes to every 'yi'-tagged speaker in the county.
        const targets = k % 3 === 0 ? { regionCodes: [COUNTY] } : k % 5 === 1 ? { tags: ['yi'] } : { regionCodes: [towns[k % TOWNS]] };
        add('rrule', { priority: 'timed', targets, window: {}, slots: { mode: 'times', times } });
      },
    ],
    [
      'device-targeted',
      25,
      (k) => {
        const ids = sample(devices, 20 + Math.floor(rand() * 180)).map((d) => d.id);
        const once = k % 2 === 0;
        const times = once ? [`2027-0${k % 3 === 0 ? 4 : 3}-${k % 3 === 0 ? '02' : '30'}T${pick(BETWEEN_TIMES)}`] : between(1);
        add('device-targeted', { priority: 'timed', targets: { deviceIds: ids }, window: {}, slots: { mode: 'times', times } });
      },
    ],
    [
      'screen-loop',
      25,
      (k) => {
        const targets = k % 5 === 0 ? { kinds: ['tv', 'led'] } : k % 5 === 1 ? { tags: ['outdoor'] } : { tags: ['service-hall'] };
        add('screen-loop', { priority: 'loop', targets, window: windowOf(rand), slots: { mode: 'times', times: [] } });
      },
    ],
  ];
  for (const [, count, make] of plan) for (let k = 0; k < count && schedules.length < scheduleCount; k++) make(k);
  return { county: COUNTY, towns, villages, devices, schedules, media, mix };
}

/** Most schedules run open-ended; some started last month or end within the horizon. */
function windowOf(rand: () => number): ScheduleSpec['window'] {
  const r = rand();
  if (r < 0.6) return {};
  if (r < 0.8) return { from: '2027-03-01T00:00:00Z', until: '2027-04-02T16:00:00Z' };
  return { from: '2027-03-30T00:00:00Z' };
}

function session(fromHour: number, fromMinute: number, untilHour: number, untilMinute: number): string[] {
  const out: string[] = [];
  for (let m = fromHour * 60 + fromMinute; m <= untilHour * 60 + untilMinute; m += 10) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
}
