import { parseCsv } from '../common/csv';
import { validateDeviceRows } from './device-csv';

function validate(text: string) {
  const parsed = parseCsv(text);
  return validateDeviceRows(parsed.header, parsed.rows);
}

const HEADER = 'name,kind,regionCode,tags,id,profile,quietHours,openingHours,defaultVolume';

describe('validateDeviceRows', () => {
  it('should turn a good row into a device with tags, hours and volume', () => {
    const r = validate(`${HEADER}\n红岩村广场喇叭,speaker,510811100201,村村通；广场,spk-hy-01,,22:00-06:00;12:00-13:30,,60`);
    expect(r.problems).toEqual([]);
    expect(r.devices).toEqual([
      {
        line: 2,
        id: 'spk-hy-01',
        name: '红岩村广场喇叭',
        kind: 'speaker',
        profile: null,
        regionCode: '510811100201',
        tags: ['村村通', '广场'],
        quietHours: [{ from: '22:00', until: '06:00' }, { from: '12:00', until: '13:30' }],
        openingHours: null,
        defaultVolume: 60,
      },
    ]);
  });

  it('should accept only the required columns and read 无 as no hours', () => {
    const r = validate('name,kind,regionCode,quietHours\n大厅电视,tv,510811100000,无');
    expect(r.problems).toEqual([]);
    expect(r.devices[0]).toMatchObject({ id: null, tags: [], quietHours: [], defaultVolume: null });
  });

  it.each<[string, string, RegExp]>([
    ['an empty name', ',speaker,510811100201,,,,,,', /名称不能为空/],
    ['a long name', `${'长'.repeat(101)},speaker,510811100201,,,,,,`, /名称超过 100/],
    ['an unknown kind', '喇叭,radio,510811100201,,,,,,', /设备类型“radio”无效/],
    ['a short region code', '喇叭,speaker,5108111002,,,,,,', /区划代码“5108111002”/],
    ['a village without a town', '喇叭,speaker,510811000201,,,,,,', /区划代码/],
    ['a bad id', '喇叭,speaker,510811100201,,SPK 1,,,,', /设备编号“SPK 1”无效/],
    ['a profile of another kind', '喇叭,speaker,510811100201,,,tv-1080p,,,', /设备规格 tv-1080p 不存在或与设备类型 speaker 不符/],
    ['a bad hour', '喇叭,speaker,510811100201,,,,25:00-06:00,,', /静音时段“25:00-06:00”格式应为 HH:MM-HH:MM/],
    ['an empty range', '屏,led,510811100201,,,,,08:00-08:00,', /开放时段“08:00-08:00”的开始与结束时间相同/],
    ['a volume above 100', '喇叭,speaker,510811100201,,,,,,101', /默认音量“101”应为 0–100 的整数/],
    ['a fractional volume', '喇叭,speaker,510811100201,,,,,,50.5', /默认音量/],
    ['a long tag', `喇叭,speaker,510811100201,${'t'.repeat(33)},,,,,`, /标签超过 32 个字符/],
  ])('should report %s on its line', (_, row, reason) => {
    const r = validate(`${HEADER}\n红岩村喇叭,speaker,510811100201,,,,,,\n${row}`);
    expect(r.devices).toHaveLength(1);
    expect(r.problems).toEqual([{ line: 3, reason: expect.stringMatching(reason) }]);
  });

  it('should report every problem of a row and every bad row', () => {
    const r = validate(`${HEADER}\n,radio,1,,,,,,\n好,speaker,510811100201,,,,,,\n坏,tv,x,,,,,,abc`);
    expect(r.problems.map((p) => p.line)).toEqual([2, 2, 2, 4, 4]);
  });

  it('should report a duplicate id on the later line naming the first', () => {
    const r = validate(`${HEADER}\n甲,speaker,510811100201,,dup-01,,,,\n乙,speaker,510811100201,,dup-01,,,,`);
    expect(r.problems).toEqual([{ line: 3, reason: '设备编号 dup-01 与第 2 行重复' }]);
  });

  it('should report unknown and missing columns on the header line', () => {
    const r = validate('name,type,region\n甲,speaker,510811100201');
    expect(r.devices).toEqual([]);
    expect(r.problems).toEqual([
      { line: 1, reason: expect.stringMatching(/^未知的列：type、region/) },
      { line: 1, reason: '缺少必填列：kind、regionCode' },
    ]);
  });
});
