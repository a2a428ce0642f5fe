import type { CoverageCell } from './coverage';
import { mergeCells, regionRange } from './reports.repository';

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
