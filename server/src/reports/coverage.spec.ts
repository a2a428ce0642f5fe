import { buildCoverage, type CoverageCell } from './coverage';

const cell = (regionCode: string, deviceId: string, o: Partial<CoverageCell> = {}): CoverageCell => ({
  regionCode,
  deviceId,
  planned: 0,
  completed: 0,
  interrupted: 0,
  failed: 0,
  notReported: 0,
  failedByReason: {},
  airtimeMs: 0,
  ...o,
});

const TOWN_A = '510811100000';
const TOWN_B = '510811101000';
const townOf = (c: { regionCode: string }) => `${c.regionCode.slice(0, 9)}000`;

describe('buildCoverage', () => {
  const groups = [
    { key: TOWN_A, name: '甲镇', kind: 'region' as const },
    { key: TOWN_B, name: '乙镇', kind: 'region' as const },
  ];

  it('rolls devices up into towns with totals, completion and flags', () => {
    const cells = [
      cell('510811100201', 'd1', { planned: 10, completed: 10, airtimeMs: 200_400 }),
      cell('510811100202', 'd2', { planned: 10, completed: 7, interrupted: 1, failed: 1, notReported: 1, failedByReason: { 'media-missing': 1 } }),
      cell('510811101201', 'd3', { planned: 4, completed: 4 }),
    ];
    const shares = new Map<string, number | null>([['d1', 1], ['d2', 0.5], ['d3', null]]);
    const { rows, totals } = buildCoverage({ groups, groupOf: townOf, cells, onlineShare: shares, threshold: 0.9 });
    expect(rows[0]).toMatchObject({ key: TOWN_A, devices: 2, planned: 20, aired: 17, completion: 0.85, interrupted: 1, failed: 1, notReported: 1, failedByReason: { 'media-missing': 1 }, onlineShare: 0.75, flagged: true, airtimeSeconds: 200 });
    expect(rows[1]).toMatchObject({ devices: 1, planned: 4, aired: 4, completion: 1, onlineShare: null, flagged: false });
    expect(totals).toMatchObject({ devices: 3, planned: 24, aired: 21, completion: 21 / 24, onlineShare: 0.75, flagged: true });
  });

  it('counts a device moved between towns once in the totals but in each town it aired in', () => {
    const cells = [cell('510811100201', 'mover', { planned: 3, completed: 3 }), cell('510811101201', 'mover', { planned: 2, completed: 1, notReported: 1 })];
    const { rows, totals } = buildCoverage({ groups, groupOf: townOf, cells, onlineShare: new Map(), threshold: 0.9 });
    expect(rows.map((r) => [r.devices, r.planned, r.aired])).toEqual([[1, 3, 3], [1, 2, 1]]);
    expect(totals).toMatchObject({ devices: 1, planned: 5, aired: 4 });
  });

  it('never flags a row with nothing planned and ignores cells outside every group', () => {
    const cells = [cell('510811100201', 'd1', { airtimeMs: 5_000 }), cell('510899100201', 'x', { planned: 9 })];
    const { rows, totals } = buildCoverage({ groups, groupOf: (c) => (c.regionCode.startsWith('5108111') ? townOf(c) : null), cells, onlineShare: new Map(), threshold: 0.9 });
    expect(rows[0]).toMatchObject({ planned: 0, completion: null, flagged: false, airtimeSeconds: 5 });
    expect(totals.planned).toBe(0);
  });
});
