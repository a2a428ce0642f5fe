import { compilePlaylist, DEFAULT_GRACE_MS } from '@sunshine/playlists';
import { buildPresetRecurrence } from './presets';
import { cycleShiftYears, expandRecurrence, localWindowFor, RecurrenceSpec, validateRecurrence } from './recurrence';
import { RecurrenceError } from './rule-text';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

const expand = (rrule: string, dtstart: string, fromLocal: string, untilLocal: string, exdates?: string[]): string[] =>
  expandRecurrence({ rrule, dtstart, exdates }, { fromLocal, untilLocal });

function errorOf(fn: () => unknown): RecurrenceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RecurrenceError) return e;
    throw e;
  }
  throw new Error('expected a RecurrenceError');
}

/** Local times → the UTC instants the pure compiler gives them on a loudspeaker. */
function compiledStarts(times: string[], nowMs: number, horizonMs: number): string[] {
  const { playlist, conflicts } = compilePlaylist({
    device: { id: 'spk-1', kind: 'speaker', profile: 'speaker', regionCodes: ['510811100201'], quietHours: [] },
    schedules: [
      {
        id: 's1',
        contentId: 'c1',
        revisionId: 'r1',
        title: '通知',
        priority: 'timed',
        targets: { regionCodes: ['510811100201'] },
        window: {},
        slots: { mode: 'times', times },
        repeat: 1,
      },
    ],
    media: { r1: { url: '/media/a.mp3', sha256: 'a'.repeat(64), size: 1000, durationMs: 60_000, mime: 'audio/mpeg' } },
    nowMs,
    horizonMs,
    timezone: TZ,
  });
  expect(conflicts).toEqual([]);
  return playlist.items.map((i) => i.startAt);
}

describe('expandRecurrence', () => {
  it('should air weekdays at 07:00 and 18:30 only when the week includes a weekend', () => {
    // 2027-01-01 is a Friday; the 2nd and 3rd are the weekend.
    const spec = buildPresetRecurrence('weekdays-0700-1830', '2026-12-28')!;
    expect(expandRecurrence(spec, { fromLocal: '2027-01-01T00:00', untilLocal: '2027-01-08T00:00' })).toEqual([
      '2027-01-01T07:00',
      '2027-01-01T18:30',
      '2027-01-04T07:00',
      '2027-01-04T18:30',
      '2027-01-05T07:00',
      '2027-01-05T18:30',
      '2027-01-06T07:00',
      '2027-01-06T18:30',
      '2027-01-07T07:00',
      '2027-01-07T18:30',
    ]);
  });

  it('should air exactly 14 times when the rule is every day at 12:00 for two weeks', () => {
    const spec = buildPresetRecurrence('daily-1200-two-weeks', '2027-03-01')!;
    const times = expandRecurrence(spec, { fromLocal: '2027-02-01T00:00', untilLocal: '2027-05-01T00:00' });
    expect(times).toHaveLength(14);
    expect(times[0]).toBe('2027-03-01T12:00');
    expect(times[13]).toBe('2027-03-14T12:00');
    expect(new Set(times.map((t) => t.slice(11)))).toEqual(new Set(['12:00']));
  });

  it('should pick the first Friday of January, April, July and October when expanding the quarterly preset over 2027', () => {
    const spec = buildPresetRecurrence('quarterly-first-friday-0900', '2027-01-01')!;
    expect(expandRecurrence(spec, { fromLocal: '2027-01-01T00:00', untilLocal: '2028-01-01T00:00' })).toEqual([
      '2027-01-01T09:00',
      '2027-04-02T09:00',
      '2027-07-02T09:00',
      '2027-10-01T09:00',
    ]);
  });

  it('should stay on quarter months when the quarterly series starts mid-quarter', () => {
    const spec = buildPresetRecurrence('quarterly-first-friday-0900', '2027-05-10')!;
    expect(expandRecurrence(spec, { fromLocal: '2027-01-01T00:00', untilLocal: '2028-02-01T00:00' })).toEqual([
      '2027-07-02T09:00',
      '2027-10-01T09:00',
      '2028-01-07T09:00',
    ]);
  });

  it('should air every Monday at 08:00 when using the Monday preset', () => {
    const spec = buildPresetRecurrence('mondays-0800', '2027-01-01')!;
    expect(expandRecurrence(spec, { fromLocal: '2027-01-01T00:00', untilLocal: '2027-02-01T00:00' })).toEqual([
      '2027-01-04T08:00',
      '2027-01-11T08:00',
      '2027-01-18T08:00',
      '2027-01-25T08:00',
    ]);
  });

  it('should skip an occurrence when it is listed in exdates', () => {
    expect(expand('FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2027-01-01T00:00', '2027-01-01T00:00', '2027-01-05T00:00', ['2027-01-03T07:00'])).toEqual([
      '2027-01-01T07:00',
      '2027-01-02T07:00',
      '2027-01-04T07:00',
    ]);
  });

  it('should still count an excluded occurrence towards COUNT when exdates meet a COUNT rule', () => {
    // RFC 5545: COUNT bounds the RRULE set before EXDATE removes from it.
    expect(expand('FREQ=DAILY;COUNT=3;BYHOUR=7;BYMINUTE=0', '2027-01-01T00:00', '2027-01-01T00:00', '2027-02-01T00:00', ['2027-01-02T07:00'])).toEqual([
      '2027-01-01T07:00',
      '2027-01-03T07:00',
    ]);
  });

  it('should include the window start and exclude the window end when occurrences fall on both', () => {
    expect(expand('FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2027-01-01T00:00', '2027-01-04T07:00', '2027-01-06T07:00')).toEqual([
      '2027-01-04T07:00',
      '2027-01-05T07:00',
    ]);
    expect(expand('FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2027-01-01T00:00', '2027-01-04T07:01', '2027-01-06T07:01')).toEqual([
      '2027-01-05T07:00',
      '2027-01-06T07:00',
    ]);
  });

  it('should return nothing when the window ends before the series starts or is empty', () => {
    expect(expand('FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2027-01-10T00:00', '2027-01-01T00:00', '2027-01-08T00:00')).toEqual([]);
    expect(expand('FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2027-01-01T00:00', '2027-01-08T00:00', '2027-01-08T00:00')).toEqual([]);
  });

  it('should not air DTSTART itself when it does not match the rule', () => {
    // rrule (like python-dateutil) treats DTSTART as the series start, not as a forced first occurrence.
    expect(expand('FREQ=WEEKLY;BYDAY=MO', '2027-01-01T07:00', '2027-01-01T00:00', '2027-01-12T00:00')).toEqual([
      '2027-01-04T07:00',
      '2027-01-11T07:00',
    ]);
  });

  it('should keep local dates when slots sit near midnight, where Shanghai and UTC dates differ', () => {
    const late = expand('FREQ=DAILY;BYHOUR=23;BYMINUTE=30', '2027-01-01T00:00', '2027-01-04T20:00', '2027-01-06T00:00');
    const early = expand('FREQ=DAILY;BYHOUR=0;BYMINUTE=15', '2027-01-01T00:00', '2027-01-05T00:00', '2027-01-06T00:00');
    expect(late).toEqual(['2027-01-04T23:30', '2027-01-05T23:30']);
    expect(early).toEqual(['2027-01-05T00:15']);
    const now = Date.parse('2027-01-04T12:00:00.000Z');
    expect(compiledStarts([...late, ...early], now, 2 * DAY)).toEqual([
      '2027-01-04T15:30:00.000Z',
      '2027-01-04T16:15:00.000Z',
      '2027-01-05T15:30:00.000Z',
    ]);
  });

  it('should skip short months when BYMONTHDAY is 31', () => {
    const times = expand('FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=8;BYMINUTE=0', '2027-01-01T00:00', '2027-01-01T00:00', '2028-01-01T00:00');
    expect(times.map((t) => t.slice(5, 10))).toEqual(['01-31', '03-31', '05-31', '07-31', '08-31', '10-31', '12-31']);
  });

  it('should air on the last day of each month when BYMONTHDAY is -1, across a leap February', () => {
    expect(expand('FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=8;BYMINUTE=0', '2027-01-01T00:00', '2027-02-01T00:00', '2027-03-01T00:00')).toEqual([
      '2027-02-28T08:00',
    ]);
    expect(expand('FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=8;BYMINUTE=0', '2027-01-01T00:00', '2027-12-01T00:00', '2028-05-01T00:00')).toEqual([
      '2027-12-31T08:00',
      '2028-01-31T08:00',
      '2028-02-29T08:00',
      '2028-03-31T08:00',
      '2028-04-30T08:00',
    ]);
  });

  it('should air only on 2028-02-29 when a leap-day rule is expanded over 2027–2029', () => {
    expect(expand('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2027-01-01T08:00', '2027-01-01T00:00', '2030-01-01T00:00')).toEqual(['2028-02-29T08:00']);
  });

  it('should emit times in order and honour COUNT when BYHOUR lists hours out of order', () => {
    expect(expand('FREQ=DAILY;BYHOUR=18,7;BYMINUTE=30,0;COUNT=5', '2027-01-01T00:00', '2027-01-01T00:00', '2027-02-01T00:00')).toEqual([
      '2027-01-01T07:00',
      '2027-01-01T07:30',
      '2027-01-01T18:00',
      '2027-01-01T18:30',
      '2027-01-02T07:00',
    ]);
  });

  it('should read UNTIL as a UTC instant when it ends in Z, as local time when floating, and as a whole local day when a date', () => {
    const daily = (until: string): string[] =>
      expand(`FREQ=DAILY;BYHOUR=12;BYMINUTE=0;UNTIL=${until}`, '2027-01-01T00:00', '2027-01-01T00:00', '2027-02-01T00:00');
    // 04:00Z is 12:00 in Shanghai, and UNTIL is inclusive.
    expect(daily('20270103T040000Z')).toEqual(['2027-01-01T12:00', '2027-01-02T12:00', '2027-01-03T12:00']);
    expect(daily('20270103T035900Z')).toEqual(['2027-01-01T12:00', '2027-01-02T12:00']);
    expect(daily('20270103T115900')).toEqual(['2027-01-01T12:00', '2027-01-02T12:00']);
    expect(daily('20270103')).toEqual(['2027-01-01T12:00', '2027-01-02T12:00', '2027-01-03T12:00']);
  });

  it('should return nothing when the rule can never match, searching at most ~400 years', () => {
    // Unshifted, rrule would walk day by day to the year 9999 (~11 s) before giving up; the search runs on the
    // series shifted by whole 400-year cycles so that rrule's cut-off is 8–408 years ahead (no wall-clock check:
    // speed belongs to benchmarks).
    expect(expand('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '2027-01-01T07:00', '2027-01-01T00:00', '2027-01-08T00:00')).toEqual([]);
    for (const year of [1970, 2027, 2399, 2400, 9000]) {
      const shifted = year + cycleShiftYears(year);
      expect(cycleShiftYears(year) % 400).toBe(0);
      expect(shifted).toBeGreaterThanOrEqual(9999 - 408);
      expect(shifted).toBeLessThanOrEqual(9999 - 8);
    }
  });

  it('should throw too-frequent when the window holds more than maxOccurrences', () => {
    const spec: RecurrenceSpec = { rrule: 'FREQ=DAILY;BYHOUR=7;BYMINUTE=0', dtstart: '2027-01-01T00:00' };
    const window = { fromLocal: '2027-01-01T00:00', untilLocal: '2027-01-05T00:00' };
    expect(expandRecurrence(spec, window, { maxOccurrences: 4 })).toHaveLength(4);
    expect(errorOf(() => expandRecurrence(spec, window, { maxOccurrences: 3 })).code).toBe('too-frequent');
  });

  it('should throw a RecurrenceError when the spec or the window is invalid', () => {
    const window = { fromLocal: '2027-01-01T00:00', untilLocal: '2027-01-05T00:00' };
    expect(errorOf(() => expandRecurrence({ rrule: 'FREQ=DAILY;BYHOUR=x', dtstart: '2027-01-01T00:00' }, window)).code).toBe('malformed-rule');
    const spec = { rrule: 'FREQ=DAILY', dtstart: '2027-01-01T00:00' };
    expect(errorOf(() => expandRecurrence(spec, { ...window, untilLocal: '2027-02-30T00:00' })).code).toBe('invalid-local-time');
  });

  it('should produce the compiler’s UTC instants when expanded over the compile horizon of localWindowFor', () => {
    // Monday 2027-01-04 06:55 in Shanghai.
    const now = Date.parse('2027-01-03T22:55:00.000Z');
    const window = localWindowFor(now, 7 * DAY, DEFAULT_GRACE_MS, TZ);
    const times = expandRecurrence(buildPresetRecurrence('weekdays-0700-1830', '2027-01-01')!, window);
    const starts = compiledStarts(times, now, 7 * DAY);
    expect(times).toHaveLength(10);
    expect(starts).toHaveLength(10);
    expect(starts.slice(0, 2)).toEqual(['2027-01-03T23:00:00.000Z', '2027-01-04T10:30:00.000Z']);
    expect(starts[9]).toBe('2027-01-08T10:30:00.000Z');
  });
});

describe('localWindowFor', () => {
  it('should round the start up and end one minute past the horizon when now is mid-minute', () => {
    // 2027-01-05 00:30:30 in Shanghai; grace 10 min, horizon 7 days.
    const now = Date.parse('2027-01-04T16:30:30.000Z');
    expect(localWindowFor(now, 7 * DAY, 600_000, TZ)).toEqual({ fromLocal: '2027-01-05T00:21', untilLocal: '2027-01-12T00:31' });
  });

  it('should start exactly at now − grace when that falls on a whole minute', () => {
    const now = Date.parse('2027-01-04T16:30:00.000Z');
    expect(localWindowFor(now, DAY, 600_000, TZ)).toEqual({ fromLocal: '2027-01-05T00:20', untilLocal: '2027-01-06T00:31' });
  });
});

describe('validateRecurrence', () => {
  const check = (rrule: string, dtstart = '2027-01-01T00:00', exdates?: string[]) => validateRecurrence({ rrule, dtstart, exdates });

  it.each([
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7,18;BYMINUTE=0,30'],
    ['RRULE:freq=monthly;byday=-1su;byhour=9;byminute=0'],
    ['FREQ=HOURLY;INTERVAL=2;COUNT=5'],
    ['FREQ=MINUTELY;INTERVAL=30;UNTIL=20270102T000000'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'],
    [`FREQ=DAILY;BYHOUR=${[...Array(24).keys()].join(',')};BYMINUTE=0,10,20,30,40,50`],
  ])('should accept %s when it is a sound rule', (rrule) => {
    expect(check(rrule)).toEqual({ ok: true });
  });

  it.each([
    ['FREQ=DAILY;BYHOUR=abc', 'malformed-rule'],
    ['FREQ=FOO', 'malformed-rule'],
    ['FREQ=WEEKLY;BYDAY=XX', 'malformed-rule'],
    ['FREQ=DAILY;', 'malformed-rule'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'malformed-rule'],
    ['FREQ=DAILY;BYEASTER=0', 'malformed-rule'],
    ['DTSTART:20270101T000000\nRRULE:FREQ=DAILY', 'malformed-rule'],
    ['BYDAY=MO;BYSETPOS=1', 'malformed-rule'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'malformed-rule'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20270110T000000', 'malformed-rule'],
    ['FREQ=WEEKLY;BYDAY=1MO', 'malformed-rule'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'malformed-rule'],
    ['FREQ=MONTHLY;BYWEEKNO=1', 'malformed-rule'],
    ['FREQ=DAILY;BYHOUR=24', 'malformed-rule'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'malformed-rule'],
    ['FREQ=DAILY;INTERVAL=0', 'malformed-rule'],
    ['FREQ=DAILY;UNTIL=20270230', 'malformed-rule'],
    ['FREQ=SECONDLY;COUNT=10', 'unsupported-rule'],
    ['FREQ=DAILY;BYSECOND=30', 'unsupported-rule'],
    ['FREQ=HOURLY', 'unbounded-rule'],
    ['FREQ=MINUTELY;INTERVAL=30', 'unbounded-rule'],
    ['FREQ=MINUTELY;UNTIL=20270201T000000', 'too-frequent'],
    [`FREQ=DAILY;BYHOUR=${[...Array(24).keys()].join(',')};BYMINUTE=${[...Array(60).keys()].join(',')}`, 'too-frequent'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'never-occurs'],
    ['FREQ=DAILY;BYHOUR=7;UNTIL=20261231T000000', 'never-occurs'],
  ])('should reject %s with %s', (rrule, code) => {
    const result = check(rrule);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok === false && result.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('should reject a malformed dtstart or exdate', () => {
    expect(check('FREQ=DAILY', '2027-1-1T07:00')).toMatchObject({ ok: false, code: 'invalid-local-time' });
    expect(check('FREQ=DAILY', '07:00')).toMatchObject({ ok: false, code: 'invalid-local-time' });
    expect(check('FREQ=DAILY', '2027-01-01T07:00', ['2027-01-02'])).toMatchObject({ ok: false, code: 'invalid-local-time' });
  });

  it('should apply maxOccurrences to any 7 days when a custom limit is given', () => {
    const spec = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7,18;BYMINUTE=0', dtstart: '2027-01-01T00:00' };
    expect(validateRecurrence(spec, { maxOccurrences: 6 })).toEqual({ ok: true });
    expect(validateRecurrence(spec, { maxOccurrences: 5 })).toMatchObject({ ok: false, code: 'too-frequent' });
  });
});
