import { parseCsv } from '../common/csv';
import { normaliseRegionCode, parseLevel, validateRegionRows } from './region-csv';

function validate(text: string, existing: string[] = []) {
  const parsed = parseCsv(text);
  return validateRegionRows(parsed.header, parsed.rows, new Set(existing));
}

const COUNTY = '510811000000';
const TOWN = '510811100000';

describe('normaliseRegionCode', () => {
  it.each<[string, string | null]>([
    ['510811100201', '510811100201'],
    ['510811', '510811000000'],
    ['510000', '510000000000'],
    ['5108111002', null],
    ['510811000201', null],
    ['000000', null],
    ['51081a', null],
  ])('should read %s as %p', (raw, code) => {
    expect(normaliseRegionCode(raw)).toBe(code);
  });
});

describe('parseLevel', () => {
  it.each([
    ['village', 'village'],
    ['村', 'village'],
    ['社区', 'village'],
    ['乡镇', 'town'],
    ['街道', 'town'],
    ['县级', 'county'],
    ['地级', 'city'],
    ['Province', 'province'],
    ['组', null],
  ])('should read %s as %p', (raw, level) => {
    expect(parseLevel(raw)).toBe(level);
  });
});

describe('validateRegionRows', () => {
  it('should accept a county with its towns and villages in any order, parents from the database or the file', () => {
    const r = validate(['code,name,level', '510811100201,红岩村,village', `${TOWN},白鹤镇,town`, '510811100202,青杠村,村'].join('\n'), [COUNTY]);
    expect(r.problems).toEqual([]);
    expect(r.regions).toEqual([
      { line: 2, code: '510811100201', name: '红岩村', level: 'village', parentCode: TOWN },
      { line: 3, code: TOWN, name: '白鹤镇', level: 'town', parentCode: COUNTY },
      { line: 4, code: '510811100202', name: '青杠村', level: 'village', parentCode: TOWN },
    ]);
  });

  it('should take Chinese headers, a 6-digit GB/T 2260 county code and no level column', () => {
    const r = validate('代码,名称\n510811,昭化区', ['510800000000']);
    expect(r.problems).toEqual([]);
    expect(r.regions[0]).toMatchObject({ code: COUNTY, level: 'county', parentCode: '510800000000' });
  });

  it('should skip the missing county level of a city without counties', () => {
    const r = validate('code,name,level\n441900003000,东城街道,town', ['441900000000']);
    expect(r.problems).toEqual([]);
    expect(r.regions[0].parentCode).toBe('441900000000');
  });

  it.each<[string, string, RegExp]>([
    ['a short code', '5108111002,某村,village', /区划代码“5108111002”无效/],
    ['a village without a town', '510811000201,某村,village', /区划代码“510811000201”无效/],
    ['an empty name', '510811100203,,village', /名称不能为空/],
    ['a long name', `510811100203,${'名'.repeat(65)},village`, /名称超过 64/],
    ['an unknown level', '510811100203,某村,hamlet', /级别“hamlet”无效/],
    ['a level the code contradicts', '510811100203,某村,town', /级别“town”与代码不符：510811100203 是村级代码/],
    ['a duplicate code', '510811100201,重复村,village', /区划代码 510811100201 与第 2 行重复/],
    ['a missing parent', '510811102201,孤村,village', /上级区划 510811102000 既不在文件中也未导入/],
  ])('should report %s on its line and keep the good rows', (_, row, reason) => {
    const r = validate(`code,name,level\n510811100201,红岩村,village\n${row}`, [COUNTY, TOWN]);
    expect(r.regions.map((x) => x.code)).toEqual(['510811100201']);
    expect(r.problems).toEqual([{ line: 3, reason: expect.stringMatching(reason) }]);
  });

  it('should report every bad row, sorted by line', () => {
    const r = validate('code,name,level\n510811102201,孤村,village\nabc,,x\n510811100201,红岩村,village', [COUNTY, TOWN]);
    expect(r.problems.map((p) => p.line)).toEqual([2, 3, 3, 3]);
  });

  it('should report missing columns on the header line', () => {
    expect(validate('id,title\n1,2').problems).toEqual([{ line: 1, reason: '缺少必填列：code（代码）、name（名称）' }]);
  });
});
