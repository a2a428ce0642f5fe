import { devicesOutside, inScope, overlapsScope, regionCodesOutside, scopePrefix } from './scope';

const COUNTY = '510811000000';
const QINGSHI = '510811100000';
const QINGSHI_VILLAGE = '510811100201';
const BAIHE = '510811101000';
const BAIHE_VILLAGE = '510811101201';

describe('scope', () => {
  it('should let a county-wide user reach everything', () => {
    expect(inScope(null, BAIHE_VILLAGE)).toBe(true);
    expect(regionCodesOutside(null, [COUNTY, BAIHE])).toEqual([]);
  });

  it('should keep a town user inside their town and its villages', () => {
    expect(inScope(QINGSHI, QINGSHI)).toBe(true);
    expect(inScope(QINGSHI, QINGSHI_VILLAGE)).toBe(true);
    expect(inScope(QINGSHI, BAIHE_VILLAGE)).toBe(false);
  });

  it('should refuse the county code to a town user, since it reaches other towns', () => {
    expect(regionCodesOutside(QINGSHI, [QINGSHI_VILLAGE, COUNTY, BAIHE])).toEqual([COUNTY, BAIHE]);
  });

  it('should refuse a malformed code rather than let it through', () => {
    expect(inScope(QINGSHI, '5108111002')).toBe(false);
  });

  it('should name the resolved devices outside the scope (tags or kinds that reach other towns)', () => {
    const devices = [
      { id: 'spk-a', regionCode: QINGSHI_VILLAGE },
      { id: 'spk-b', regionCode: BAIHE_VILLAGE },
    ];
    expect(devicesOutside(QINGSHI, devices).map((d) => d.id)).toEqual(['spk-b']);
  });

  it('should see a county alert as overlapping a town, but not another town', () => {
    expect(overlapsScope(QINGSHI, COUNTY)).toBe(true);
    expect(overlapsScope(QINGSHI, QINGSHI_VILLAGE)).toBe(true);
    expect(overlapsScope(QINGSHI, BAIHE)).toBe(false);
  });

  it('should give the significant prefix for list filters', () => {
    expect(scopePrefix(QINGSHI)).toBe('510811100');
    expect(scopePrefix(COUNTY)).toBe('510811');
    expect(scopePrefix(null)).toBeNull();
  });
});
