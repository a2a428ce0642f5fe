import { ancestorsOf, isDivisionCode, isWithin, levelOf, parentOf, regionChain, RegionLevel } from './division-code';

describe('isDivisionCode', () => {
  it.each(['510000000000', '510800000000', '510811000000', '510811100000', '510811100201', '441900003000', '441900003001'])(
    'should accept %s',
    (code) => {
      expect(isDivisionCode(code)).toBe(true);
    },
  );

  it.each<[unknown, string]>([
    ['51081110020', '11 digits'],
    ['5108111002011', '13 digits'],
    ['51081110020a', 'a letter'],
    ['000000000000', 'a zero province'],
    ['510811000201', 'a village without a town'],
    ['510011000000', 'a county without a city'],
    ['510000100000', 'a town without a city'],
    [510811100201, 'a number'],
    [null, 'null'],
  ])('should reject %p (%s)', (code) => {
    expect(isDivisionCode(code)).toBe(false);
  });
});

describe('levelOf', () => {
  it.each<[string, RegionLevel]>([
    ['510811100201', 'village'],
    ['510811100000', 'town'],
    ['510811000000', 'county'],
    ['510800000000', 'city'],
    ['510000000000', 'province'],
    ['441900003000', 'town'],
  ])('should classify %s as %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
  });

  it('should throw when the code is invalid', () => {
    expect(() => levelOf('5108')).toThrow('无效的区划代码：5108');
  });
});

describe('parentOf', () => {
  it.each<[string, string | null]>([
    ['510811100201', '510811100000'],
    ['510811100000', '510811000000'],
    ['510811000000', '510800000000'],
    ['510800000000', '510000000000'],
    ['510000000000', null],
    ['441900003000', '441900000000'],
  ])('should return the parent of %s as %p', (code, parent) => {
    expect(parentOf(code)).toBe(parent);
  });

  it('should throw when the code is invalid', () => {
    expect(() => parentOf('510811000201')).toThrow(/无效的区划代码/);
  });
});

describe('regionChain / ancestorsOf', () => {
  it('should list the village up to its province, most specific first', () => {
    expect(regionChain('510811100201')).toEqual(['510811100201', '510811100000', '510811000000', '510800000000', '510000000000']);
    expect(ancestorsOf('510811100201')).toEqual(['510811100000', '510811000000', '510800000000', '510000000000']);
  });

  it('should skip the missing county level when the city has no counties', () => {
    expect(regionChain('441900003001')).toEqual(['441900003001', '441900003000', '441900000000', '440000000000']);
  });

  it('should return only the code itself when it is a province', () => {
    expect(regionChain('510000000000')).toEqual(['510000000000']);
    expect(ancestorsOf('510000000000')).toEqual([]);
  });
});

describe('isWithin', () => {
  it.each<[string, string, boolean]>([
    ['510811100201', '510811000000', true],
    ['510811100201', '510000000000', true],
    ['510811100201', '510811100201', true],
    ['510811100201', '510811100202', false],
    ['510811000000', '510811100201', false],
    ['510811100201', '510812000000', false],
    ['520811100201', '510000000000', false],
  ])('should decide %s within %s as %p', (code, ancestor, expected) => {
    expect(isWithin(code, ancestor)).toBe(expected);
  });

  it('should throw when the ancestor is invalid', () => {
    expect(() => isWithin('510811100201', '51')).toThrow(/无效的区划代码/);
  });
});
