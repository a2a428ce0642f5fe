import type { ReportDocument } from '../../report-document';
import { quarterlySummary } from '../quarterly-summary';

/** Villages whose names try to break the writers: a formula, quotes, commas and a line break. */
export const HOSTILE_NAMES = ['=HYPERLINK("http://evil.example/","点我")', '回水村, "东" 组\n二队', '+cmd|\'/C calc\'!A0', '@SUM(1+1)', '-2+3'];

/** A quarterly coverage 通报 for a county of three towns, with flagged villages and hostile names. */
export function sampleDocument(villageCount = 12): ReportDocument {
  const names = ['回龙村', '紫云村', '云台村', '青莲村', '白鹤村', '石门村', '金竹村', '凤鸣村', '桂花村', '龙潭村'];
  const rows: ReportDocument['tables'][number]['rows'] = [];
  const flagged: boolean[] = [];
  for (let i = 0; i < villageCount; i++) {
    const name = i < HOSTILE_NAMES.length ? HOSTILE_NAMES[i] : `${names[i % names.length]}${Math.floor(i / names.length) || ''}`;
    const planned = 900 + i * 10;
    const aired = i % 4 === 1 ? planned - 150 - i : planned - (i % 3);
    rows.push({
      name,
      town: ['青莲镇', '凤凰镇', '云峰镇'][i % 3],
      devices: 2 + (i % 3),
      planned,
      aired,
      rate: aired / planned,
      airtime: aired * 62.5,
      lastPlay: Date.UTC(2026, 8, 30, 10, i, 7),
    });
    flagged.push(aired / planned < 0.9);
  }
  const planned = rows.reduce((a, r) => a + (r.planned as number), 0);
  const aired = rows.reduce((a, r) => a + (r.aired as number), 0);
  return {
    title: '2026年第三季度政务公开播出情况通报',
    unit: '栖凤区融媒体中心',
    periodLabel: '2026年第三季度（7月1日—9月30日）',
    generatedAt: '2026-10-01T01:00:00.000Z',
    // The summary is written from the same rows, as the 通报 is: its rate and names must match the table.
    summary: quarterlySummary({
      regionName: '栖凤区',
      periodLabel: '2026年第三季度',
      devices: rows.reduce((a, r) => a + (r.devices as number), 0),
      planned,
      aired,
      airtimeSeconds: aired * 62.5,
      threshold: 0.9,
      units: rows.map((r) => ({ name: String(r.name), level: 'village' as const, planned: r.planned as number, aired: r.aired as number })),
      alerts: { count: 3, devicesTargeted: 60, devicesPlayed: 58, medianSeconds: 14, maxSeconds: 95, targetSeconds: 60, withinTarget: 55 },
    }),
    tables: [
      {
        title: '各村播出完成情况',
        columns: [
          { key: 'name', title: '村', type: 'text' },
          { key: 'town', title: '乡镇', type: 'text' },
          { key: 'devices', title: '终端数', type: 'int' },
          { key: 'planned', title: '计划播出', type: 'int' },
          { key: 'aired', title: '实际播出', type: 'int' },
          { key: 'rate', title: '完成率', type: 'percent' },
          { key: 'airtime', title: '播出时长（秒）', type: 'seconds' },
          { key: 'lastPlay', title: '最后播出', type: 'datetime' },
        ],
        rows,
        totals: { devices: rows.reduce((a, r) => a + (r.devices as number), 0), planned, aired, rate: aired / planned, airtime: aired * 62.5, lastPlay: null },
        flagged,
      },
    ],
    charts: [
      { kind: 'bar', title: '各乡镇完成率排名', categories: ['云峰镇', '青莲镇', '凤凰镇'], series: [{ name: '完成率', values: [0.981, 0.935, 0.872] }] },
      {
        kind: 'line',
        title: '每周完成率走势',
        categories: Array.from({ length: 13 }, (_, i) => `第${i + 27}周`),
        series: [
          { name: '计划播出', values: Array.from({ length: 13 }, (_, i) => 800 + i * 5) },
          { name: '实际播出', values: Array.from({ length: 13 }, (_, i) => 740 + ((i * 37) % 60)) },
        ],
      },
    ],
  };
}
