import { localDay, localMidnight, resolvePeriod } from './report-period';

const NOW = new Date('2026-08-15T20:00:00Z'); // 2026-08-16 04:00 in Shanghai

function ok(input: Parameters<typeof resolvePeriod>[0]) {
  const r = resolvePeriod(input, NOW);
  if (!r.ok) throw new Error(r.problem);
  return r.value;
}

describe('resolvePeriod', () => {
  it('takes today in Shanghai, not UTC, as the default anchor (month)', () => {
    const p = ok({});
    expect(p.kind).toBe('month');
    expect(p.from.toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-08-31T16:00:00.000Z');
    expect(p.label).toBe('2026年8月');
    expect(ok({ period: 'day' }).firstDay).toBe('2026-08-16');
  });

  it('starts weeks on Monday', () => {
    const p = ok({ period: 'week', date: '2026-08-16' }); // a Sunday
    expect([p.firstDay, p.lastDay]).toEqual(['2026-08-10', '2026-08-16']);
  });

  it('knows quarters and years across year ends', () => {
    const q = ok({ period: 'quarter', date: '2026-12-31' });
    expect([q.firstDay, q.lastDay, q.label]).toEqual(['2026-10-01', '2026-12-31', '2026年第4季度']);
    expect(q.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(ok({ period: 'year', date: '2024-02-29' }).lastDay).toBe('2024-12-31');
  });

  it('takes a custom range inclusive of its last day', () => {
    const p = ok({ from: '2026-09-01', to: '2026-09-03' });
    expect(p.kind).toBe('custom');
    expect(p.to.getTime() - p.from.getTime()).toBe(3 * 86_400_000);
    expect(p.label).toBe('2026-09-01 至 2026-09-03');
  });

  it('refuses bad input with a Chinese reason', () => {
    expect(resolvePeriod({ period: 'custom', from: '2026-09-03', to: '2026-09-01' }, NOW)).toMatchObject({ ok: false, problem: expect.stringContaining('早于') });
    expect(resolvePeriod({ period: 'day', date: '2026-02-30' }, NOW)).toMatchObject({ ok: false });
    expect(resolvePeriod({ period: 'custom', from: '2026-01-01' }, NOW)).toMatchObject({ ok: false });
    expect(resolvePeriod({ period: 'custom', from: '2020-01-01', to: '2026-01-01' }, NOW)).toMatchObject({ ok: false, problem: expect.stringContaining('最长') });
    expect(resolvePeriod({ period: 'month', from: '2026-01-01', to: '2026-01-02' }, NOW)).toMatchObject({ ok: false });
  });

  it('converts between instants and local days', () => {
    expect(localDay(new Date('2026-08-15T16:00:00Z'))).toBe('2026-08-16');
    expect(localDay(new Date('2026-08-15T15:59:59Z'))).toBe('2026-08-15');
    expect(localMidnight('2026-08-16').toISOString()).toBe('2026-08-15T16:00:00.000Z');
  });
});
