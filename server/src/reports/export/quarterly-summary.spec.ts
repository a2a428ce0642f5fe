import { hoursText, QuarterlySummaryInput, quarterlySummary, secondsText } from './quarterly-summary';

const base: QuarterlySummaryInput = {
  regionName: '栖凤区',
  periodLabel: '2026年第三季度',
  devices: 23,
  planned: 2000,
  aired: 1870,
  airtimeSeconds: 1870 * 60,
  threshold: 0.9,
  units: [
    { name: '青莲镇', level: 'town', planned: 800, aired: 790 },
    { name: '凤凰镇', level: 'town', planned: 1200, aired: 1080 },
    { name: '回水村', level: 'village', planned: 400, aired: 395 },
    { name: '紫云村', level: 'village', planned: 400, aired: 300 },
    { name: '云台村', level: 'village', planned: 400, aired: 350 },
    { name: '新建村', level: 'village', planned: 0, aired: 0 },
  ],
  alerts: { count: 2, devicesTargeted: 40, devicesPlayed: 38, medianSeconds: 12, maxSeconds: 150, targetSeconds: 60, withinTarget: 36 },
};

describe('quarterlySummary', () => {
  it.each<[string, Partial<QuarterlySummaryInput>, string[]]>([
    [
      'totals, rate against the bar, units below it worst first, alert timeliness',
      {},
      [
        '2026年第三季度，栖凤区共有 23 台播出终端纳入统计，计划播出 2000 次，实际播出 1870 次，累计播出时长 31.2 小时，完成率 93.5%，达到90.0%的合格线。',
        '完成率低于90.0%的有村 2 个：紫云村（75.0%）、云台村（87.5%）。请相关单位查明原因，限期整改，并于下期通报前报送整改情况。',
        '本期发布应急广播 2 次，覆盖终端 40 台次，已播出 38 台次（95.0%）；从发布到开始播出的中位用时 12 秒，最长 2 分 30 秒；1 分钟内播出 36 台次，及时率 90.0%。',
      ],
    ],
    [
      'a town just below the bar is named with the villages',
      { threshold: 0.95, aired: 1800, units: [{ name: '凤凰镇', level: 'town', planned: 1200, aired: 1080 }, { name: '紫云村', level: 'village', planned: 400, aired: 300 }], alerts: null },
      [
        '2026年第三季度，栖凤区共有 23 台播出终端纳入统计，计划播出 2000 次，实际播出 1800 次，累计播出时长 31.2 小时，完成率 90.0%，未达到95.0%的合格线。',
        '完成率低于95.0%的有乡镇 1 个：凤凰镇（90.0%）；村 1 个：紫云村（75.0%）。请相关单位查明原因，限期整改，并于下期通报前报送整改情况。',
        '本期未发布应急广播。',
      ],
    ],
    [
      'everyone at or above the bar',
      { units: [{ name: '青莲镇', level: 'town', planned: 100, aired: 90 }], alerts: { count: 0, devicesTargeted: 0, devicesPlayed: 0, medianSeconds: null, maxSeconds: null, targetSeconds: 60, withinTarget: 0 } },
      ['2026年第三季度，栖凤区共有 23 台播出终端纳入统计，计划播出 2000 次，实际播出 1870 次，累计播出时长 31.2 小时，完成率 93.5%，达到90.0%的合格线。', '各乡镇、村完成率均达到90.0%以上。', '本期未发布应急广播。'],
    ],
    [
      'nothing planned: no rate, no ranking; alerts that never played',
      { planned: 0, aired: 0, airtimeSeconds: 0, units: [{ name: '青莲镇', level: 'town', planned: 0, aired: 0 }], alerts: { count: 1, devicesTargeted: 5, devicesPlayed: 0, medianSeconds: null, maxSeconds: null, targetSeconds: 60, withinTarget: 0 } },
      ['2026年第三季度，栖凤区共有 23 台播出终端纳入统计，本期没有安排播出计划。', '本期发布应急广播 1 次，覆盖终端 5 台次，均未收到播出回执。'],
    ],
  ])('%s', (_, change, expected) => {
    expect(quarterlySummary({ ...base, ...change })).toEqual(expected);
  });

  it.each([
    [45, '45 秒'],
    [60, '1 分钟'],
    [150, '2 分 30 秒'],
  ])('secondsText(%d) = %s', (s, text) => expect(secondsText(s)).toBe(text));

  it.each([
    [1800, '30 分钟'],
    [3600, '1.0 小时'],
    [112_200, '31.2 小时'],
  ])('hoursText(%d) = %s', (s, text) => expect(hoursText(s)).toBe(text));
});
