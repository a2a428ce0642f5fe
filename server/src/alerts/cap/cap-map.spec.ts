import { readFileSync } from 'fs';
import { join } from 'path';
import type { RegionRef } from './cap-areas';
import { capLevel, chooseInfo, mapCapToAlert, type CapAction, type CapMapResult, type MappedCapAlert } from './cap-map';
import { parseCap } from './cap-parse';
import type { CapAlert, CapInfo, CapSeverity, CapUrgency } from './cap-types';

const REGIONS: RegionRef[] = [
  { code: '510811000000', name: '栖凤区' },
  { code: '510811100000', name: '青石镇' },
  { code: '510811101000', name: '白鹤镇' },
  { code: '510811102000', name: '紫云镇' },
  { code: '510811103000', name: '金竹镇' },
];

function parsedFixture(name: string): CapAlert {
  const result = parseCap(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
  if (!result.ok) throw new Error(`fixture ${name}: ${result.message}`);
  return result.alert;
}

function valueOf(result: CapMapResult): MappedCapAlert {
  if (!result.ok) throw new Error(`expected a mapped alert, got ${result.code}: ${result.message}`);
  return result.value;
}

const info = (overrides: Partial<CapInfo> = {}): CapInfo => ({
  language: 'zh-CN',
  categories: ['Met'],
  event: '大风',
  urgency: 'Expected',
  severity: 'Moderate',
  certainty: 'Likely',
  effective: null,
  expires: null,
  senderName: null,
  headline: null,
  description: null,
  instruction: null,
  areas: [{ areaDesc: '青石镇', geocodes: [], polygons: [], circles: [] }],
  ...overrides,
});

const alert = (overrides: Partial<CapAlert> = {}): CapAlert => ({
  identifier: 'T-1',
  sender: 'test@example.cn',
  sent: '2024-07-15T16:00:00+08:00',
  status: 'Actual',
  msgType: 'Alert',
  scope: 'Public',
  references: [],
  infos: [info()],
  ...overrides,
});

const map = (a: CapAlert, preferredLanguages?: string[]): CapMapResult => mapCapToAlert(a, { regions: REGIONS, preferredLanguages });

describe('mapCapToAlert', () => {
  it('should map the Chinese red rain warning to a level-1 broadcast when it targets two towns by geocode', () => {
    expect(valueOf(map(parsedFixture('flood-red-zh.xml')))).toEqual({
      action: 'send',
      level: 1,
      title: '栖凤区气象台发布暴雨红色预警信号',
      text:
        '栖凤区气象台发布暴雨红色预警信号。' +
        '过去3小时青石镇、白鹤镇降雨量已达100毫米以上，预计未来3小时仍将出现每小时50毫米以上的强降雨，山洪、滑坡风险极高。' +
        '请沿河及低洼地带群众立即转移到安全地点；停止户外作业和集会；学校、幼儿园停课。',
      regionCodes: ['510811100000', '510811101000'],
      expiresAt: '2024-07-15T20:00:00.000Z',
      exercise: false,
      referencedIdentifiers: [],
      source: { sender: 'qxt@qifeng.weather.example.cn', identifier: '51081141600000-20240715160000-RAIN-RED', sent: '2024-07-15T16:00:00+08:00' },
      unmatchedAreas: [],
    });
  });

  it('should speak the zh-CN block and target by areaDesc when a bilingual alert lists English first', () => {
    const value = valueOf(map(parsedFixture('typhoon-bilingual.xml')));
    expect(value).toMatchObject({
      action: 'send',
      level: 2,
      title: '紫云镇、金竹镇地质灾害橙色预警',
      regionCodes: ['510811102000', '510811103000'],
      // The English block expires first; the earliest expiry of any block wins.
      expiresAt: '2024-08-03T01:30:00.000Z',
    });
    expect(value.text).toBe(
      '紫云镇、金竹镇地质灾害橙色预警。受持续降雨影响，紫云镇、金竹镇部分山体土壤含水量饱和，未来24小时发生滑坡、崩塌的可能性大。' +
        '请陡坡下方住户做好随时撤离准备，夜间注意观察房前屋后裂缝变化。',
    );
  });

  it('should fail with CAP_NO_TARGET naming the area when the preferred English block names no known region', () => {
    expect(map(parsedFixture('typhoon-bilingual.xml'), ['en-US'])).toEqual({
      ok: false,
      code: 'CAP_NO_TARGET',
      message: 'CAP 预警 QF-EMA-2024-0088 的发布区域未匹配到本系统的任何区划：Ziyun Town and Jinzhu Town, Qifeng District',
    });
  });

  it('should cancel the referenced alert when msgType is Cancel', () => {
    expect(valueOf(map(parsedFixture('flood-red-cancel.xml')))).toMatchObject({
      action: 'cancel',
      referencedIdentifiers: ['51081141600000-20240715160000-RAIN-RED'],
      regionCodes: ['510811100000', '510811101000'],
      expiresAt: null,
      exercise: false,
    });
  });

  it('should accept a Cancel when it carries no info block', () => {
    const cancel = alert({ msgType: 'Cancel', infos: [], references: [{ sender: 's', identifier: 'OLD-1', sent: '2024-07-15T10:00:00+08:00' }] });
    expect(valueOf(map(cancel))).toEqual({
      action: 'cancel',
      level: 4,
      text: '',
      title: '',
      regionCodes: [],
      expiresAt: null,
      exercise: false,
      referencedIdentifiers: ['OLD-1'],
      source: { sender: 'test@example.cn', identifier: 'T-1', sent: '2024-07-15T16:00:00+08:00' },
      unmatchedAreas: [],
    });
  });

  it('should replace the referenced alert with the new content when msgType is Update', () => {
    expect(valueOf(map(parsedFixture('flood-orange-update.xml')))).toMatchObject({
      action: 'update',
      level: 2,
      referencedIdentifiers: ['51081141600000-20240715160000-RAIN-RED'],
      regionCodes: ['510811100000'],
      expiresAt: '2024-07-15T22:00:00.000Z',
    });
  });

  it('should flag an exercise and target the padded county code when status is Exercise', () => {
    expect(valueOf(map(parsedFixture('fire-drill-exercise.xml')))).toMatchObject({
      action: 'send',
      exercise: true,
      level: 2,
      regionCodes: ['510811000000'],
      title: '森林防灭火应急演练',
    });
  });

  it.each([
    [true, 'Exercise'],
    [true, 'Test'],
    [false, 'Actual'],
  ] as const)('should set exercise to %s when status is %s', (exercise, status) => {
    expect(valueOf(map(alert({ status }))).exercise).toBe(exercise);
  });

  it.each<[Partial<CapAlert>, CapAction]>([
    [{ status: 'System' }, 'ignore'],
    [{ status: 'Draft' }, 'ignore'],
    [{ msgType: 'Ack', infos: [] }, 'ignore'],
    [{ msgType: 'Error', infos: [] }, 'ignore'],
    [{ status: 'System', msgType: 'Cancel' }, 'ignore'],
    [{ msgType: 'Alert' }, 'send'],
  ])('should choose the action when the alert has %j', (overrides, action) => {
    expect(valueOf(map(alert(overrides))).action).toBe(action);
  });

  it('should ignore a System message without needing a target when its area matches nothing', () => {
    const system = alert({ status: 'System', infos: [info({ areas: [{ areaDesc: '别处', geocodes: [], polygons: [], circles: [] }] })] });
    expect(valueOf(map(system))).toMatchObject({ action: 'ignore', regionCodes: [], unmatchedAreas: ['别处'] });
  });

  it('should fail with CAP_NO_TEXT when an Alert has no info block', () => {
    expect(map(alert({ infos: [] }))).toEqual({ ok: false, code: 'CAP_NO_TEXT', message: 'CAP 预警 T-1 没有 <info>，无可播报的内容' });
  });

  it('should fail with CAP_NO_TARGET when an Update has no area', () => {
    const update = alert({ msgType: 'Update', infos: [info({ areas: [] })] });
    expect(map(update)).toEqual({ ok: false, code: 'CAP_NO_TARGET', message: 'CAP 预警 T-1 的发布区域未匹配到本系统的任何区划：（未提供 <area>）' });
  });

  describe('speech text', () => {
    const textOf = (i: Partial<CapInfo>): string => valueOf(map(alert({ infos: [info(i)] }))).text;

    it('should use the event as the lead and title when there is no headline', () => {
      const value = valueOf(map(alert({ infos: [info({ event: '大风蓝色预警', instruction: '请加固门窗' })] })));
      expect([value.title, value.text]).toEqual(['大风蓝色预警', '大风蓝色预警。请加固门窗。']);
    });

    it('should say the headline once when the description already starts with it', () => {
      expect(textOf({ headline: '青石镇山洪预警', description: '青石镇山洪预警：河水快速上涨' })).toBe('青石镇山洪预警：河水快速上涨。');
    });

    it('should replace a trailing comma with a full stop and drop layout whitespace when lines wrap', () => {
      expect(textOf({ headline: '停电通知，', description: '因抢修线路，\n    白鹤镇 今晚停电 ' })).toBe('停电通知。因抢修线路，白鹤镇今晚停电。');
    });

    it('should join English sentences with spaces and full stops when the block has no Chinese', () => {
      expect(textOf({ language: 'en-US', headline: 'Flood warning', description: 'Water is rising', instruction: 'Move to higher ground!' })).toBe(
        'Flood warning. Water is rising. Move to higher ground!',
      );
    });

    it('should cut at the last sentence end within 1000 characters when the text is too long', () => {
      const sentence = `${'河'.repeat(99)}。`;
      const text = textOf({ headline: '预警', description: sentence.repeat(12) });
      expect(Array.from(text)).toHaveLength(3 + 900);
      expect(text.endsWith('。')).toBe(true);
    });

    it('should cut hard at 1000 characters when no sentence end is near the limit', () => {
      const text = textOf({ headline: '预警', description: '雨'.repeat(1500) });
      expect(text).toBe(`预警。${'雨'.repeat(997)}`);
    });

    it('should count characters rather than UTF-16 units when the text has astral characters', () => {
      const text = textOf({ headline: '预警', description: '𠀀'.repeat(1200) });
      expect(Array.from(text)).toHaveLength(1000);
    });
  });
});

describe('capLevel', () => {
  const SEVERITIES: CapSeverity[] = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
  const URGENCIES: CapUrgency[] = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'];
  /** Rows: severity; columns: urgency in URGENCIES order. */
  const TABLE: Record<CapSeverity, number[]> = {
    Extreme: [1, 1, 1, 1, 1],
    Severe: [1, 2, 2, 2, 2],
    Moderate: [2, 3, 3, 3, 3],
    Minor: [4, 4, 4, 4, 4],
    Unknown: [4, 4, 4, 4, 4],
  };

  it.each(SEVERITIES.flatMap((s) => URGENCIES.map((u, i) => [s, TABLE[s][i], u] as const)))(
    'should map severity %s to level %i when urgency is %s',
    (severity, level, urgency) => {
      expect(capLevel(severity, urgency)).toBe(level);
    },
  );
});

describe('chooseInfo', () => {
  const blocks = (...languages: string[]): CapInfo[] => languages.map((language) => info({ language }));
  const languageOf = (infos: CapInfo[], preferred: string[] = ['zh-CN', 'zh']): string | undefined => chooseInfo(infos, preferred)?.language;

  it('should prefer an exact zh-CN block when another Chinese block comes first', () => {
    expect(languageOf(blocks('zh-TW', 'en-US', 'zh-CN'))).toBe('zh-CN');
  });

  it('should accept a narrower Chinese tag when no exact tag is present', () => {
    expect(languageOf(blocks('en-US', 'zh-Hans'))).toBe('zh-Hans');
  });

  it('should match tags case-insensitively and with underscores when senders write them loosely', () => {
    expect(languageOf(blocks('en-US', 'ZH_cn'))).toBe('ZH_cn');
  });

  it('should fall back to the first block when no block is in a preferred language', () => {
    expect(languageOf(blocks('en-US', 'fr-FR'))).toBe('en-US');
  });

  it('should follow the caller order when the preference is Yi first', () => {
    expect(languageOf(blocks('zh-CN', 'ii-CN'), ['ii', 'zh-CN'])).toBe('ii-CN');
  });

  it('should return null when there are no info blocks', () => {
    expect(chooseInfo([], ['zh-CN'])).toBeNull();
  });
});
