import { coverageDocument } from './report-document';
import type { CoverageReportResponse } from './reports.response';

const totals = { devices: 3, planned: 30, aired: 25, completion: 25 / 30, airtimeSeconds: 600, interrupted: 1, failed: 2, failedByReason: { 'media-missing': 2 }, notReported: 2, onlineShare: 0.9, flagged: true };
const report: CoverageReportResponse = {
  title: '播出覆盖报表',
  period: { kind: 'quarter', from: new Date('2026-06-30T16:00:00Z'), to: new Date('2026-09-30T16:00:00Z'), firstDay: '2026-07-01', lastDay: '2026-09-30', label: '2026年第3季度' },
  region: { code: '510811000000', name: '栖凤区', level: 'county' },
  groupBy: 'region',
  threshold: 0.9,
  generatedAt: new Date('2026-10-01T00:00:00Z'),
  rows: [
    { ...totals, key: '510811100000', name: '青莲镇', kind: 'region', planned: 20, aired: 20, completion: 1, failedByReason: {}, flagged: false, drillDown: '/x', playLogs: null },
    { ...totals, key: '510811101000', name: '白鹤镇', kind: 'region', planned: 10, aired: 5, completion: 0.5, flagged: true, drillDown: '/y', playLogs: null },
  ],
  totals,
};

describe('coverageDocument', () => {
  it('keeps the numbers typed, names the units below the bar and flags their rows', () => {
    const doc = coverageDocument(report, '栖凤区融媒体中心');
    expect(doc).toMatchObject({ title: '栖凤区播出覆盖报表', unit: '栖凤区融媒体中心', periodLabel: '2026年第3季度', generatedAt: '2026-10-01T00:00:00.000Z' });
    const table = doc.tables[0];
    expect(table.columns.find((c) => c.key === 'completion')?.type).toBe('percent');
    expect(table.rows[1]).toMatchObject({ name: '白鹤镇', planned: 10, aired: 5, completion: 0.5, failedByReason: '媒体缺失 2' });
    expect(table.flagged).toEqual([false, true]);
    expect(table.totals).toMatchObject({ name: '合计', planned: 30 });
    expect(doc.summary.join('')).toContain('白鹤镇');
    expect(doc.summary[0]).toContain('83.3%');
    expect(doc.charts[0].series[0].values).toEqual([1, 0.5]);
  });
});
