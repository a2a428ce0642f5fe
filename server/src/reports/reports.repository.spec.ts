import type { CoverageCell } from './coverage';
import { daysOfMonth, mergeCells, regionRange, splitMonths } from './reports.repository';

const cell = (o: Partial<CoverageCell>): CoverageCell => ({ regionCode: 'r1', deviceId: 'd1', planned: 0, completed: 0, interrupted: 0, failed: 0, notReported: 0, failedByReason: {}, airtimeMs: 0, ...o });

describe('mergeCells', () => {
  it('sums closed days (rollups) and today (raw rows) of the same device and region, reasons included', () => {
    const merged = mergeCells([
      cell({ planned: 60, completed: 58, failed: 2, failedByReason: { 'media-missing': 2 }, airtimeMs: 1_160_000 }),
      cell({ planned: 2, completed: 1, notReported: 1, airtimeMs: 20_000 }),
      cell({ regionCode: 'r2', planned: 1, failed: 1, failedByReason: { 'media-missing': 1 } }),
    ]);
    expect(merged).toEqual([
      cell({ planned: 62, completed: 59, failed: 2, notReported: 1, failedByReason: { 'media-missing': 2 }, airtimeMs: 1_180_000 }),
      cell({ regionCode: 'r2', planned: 1, failed: 1, failedByReason: { 'media-missing': 1 } }),
    ]);
  });

  it('does not change the cells it was given', () => {
    const a = cell({ failedByReason: { x: 1 }, failed: 1 });
    mergeCells([a, cell({ failedByReason: { x: 2 }, failed: 2 })]);
    expect(a.failedByReason).toEqual({ x: 1 });
  });
});

describe('regionRange', () => {
  it('covers exactly the codes under a prefix', () => {
    const { lo, hi } = regionRange('510811100');
    const inside = (c: string) => c >= lo && c <= hi;
    expect(['510811100000', '510811100201', '510811100999'].every(inside)).toBe(true);
    expect(['510811101000', '510811099999'].some(inside)).toBe(false);
  });
});

describe('splitMonths', () => {
  it('reads whole months from month rows and the partial ones day by day', () => {
    const days = [...daysOfMonth('2026-06').slice(28), ...daysOfMonth('2026-07'), ...daysOfMonth('2026-08').slice(0, 2)];
    expect(splitMonths(days)).toEqual({ months: ['2026-07'], days: ['2026-06-29', '2026-06-30', '2026-08-01', '2026-08-02'] });
  });

  it('knows the length of each month, February of a leap year included', () => {
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-09').at(-1)).toBe('2026-09-30');
    expect(splitMonths(daysOfMonth('2026-02').slice(1))).toEqual({ months: [], days: daysOfMonth('2026-02').slice(1) });
  });
});
