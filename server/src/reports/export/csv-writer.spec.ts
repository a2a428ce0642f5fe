import { guardFormula, tableCsvRows } from './csv-writer';
import type { ReportTable } from '../report-document';

describe('guardFormula', () => {
  it.each([
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', `'+1`],
    ['-1+2', `'-1+2`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['回水村', '回水村'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (text, out) => expect(guardFormula(text)).toBe(out));
});

describe('tableCsvRows', () => {
  const table: ReportTable = {
    title: 't',
    columns: [
      { key: 'name', title: '村', type: 'text' },
      { key: 'delta', title: '增减', type: 'int' },
      { key: 'rate', title: '完成率', type: 'percent' },
      { key: 'secs', title: '时长（秒）', type: 'seconds' },
    ],
    rows: [
      { name: '-负号村', delta: -3, rate: 0.9354, secs: 61.4 },
      { name: null, delta: null, rate: 1, secs: 0 },
    ],
    totals: { delta: -3, rate: 0.5, secs: 61.4 },
  };

  it('formats typed cells, guards only text, and ends with a labelled totals row', () => {
    expect(tableCsvRows(table)).toEqual([
      ['村', '增减', '完成率', '时长（秒）'],
      [`'-负号村`, '-3', '93.5%', '61'],
      ['', '', '100.0%', '0'],
      ['合计', '-3', '50.0%', '61'],
    ]);
  });
});
