import { matchCapAreas, type RegionRef } from './cap-areas';
import type { CapArea } from './cap-types';

const COUNTY = '510811000000';
const QINGSHI = '510811100000';
const BAIHE = '510811101000';
const ZIYUN = '510811102000';
const JINZHU = '510811103000';
const MAAN = '510811200000';
const XINHUA_ZIYUN = '510811102202';
const XINHUA_JINZHU = '510811103203';
const MAAN_VILLAGE = '510811200201';
const DAPING = '510811103202';

const REGIONS: RegionRef[] = [
  { code: COUNTY, name: '栖凤区' },
  { code: QINGSHI, name: '青石镇' },
  { code: BAIHE, name: '白鹤镇' },
  { code: ZIYUN, name: '紫云镇' },
  { code: JINZHU, name: '金竹镇' },
  { code: MAAN, name: '马鞍彝族乡' },
  { code: XINHUA_ZIYUN, name: '新华村' },
  { code: XINHUA_JINZHU, name: '新华村' },
  { code: MAAN_VILLAGE, name: '马鞍村' },
  { code: DAPING, name: '大坪村' },
];

const area = (areaDesc: string, ...values: string[]): CapArea => ({
  areaDesc,
  geocodes: values.map((value) => ({ valueName: 'GB/T 2260', value })),
  polygons: [],
  circles: [],
});

describe('matchCapAreas', () => {
  it('should use known 12-digit geocodes and ignore areaDesc when a geocode matches', () => {
    expect(matchCapAreas([area('不相干的描述', QINGSHI, BAIHE)], REGIONS)).toEqual({ regionCodes: [QINGSHI, BAIHE], unmatchedAreas: [] });
  });

  it('should pad a 6-digit county code to 12 digits when the geocode is a GB/T 2260 county code', () => {
    expect(matchCapAreas([area('栖凤区全境', '510811')], REGIONS).regionCodes).toEqual([COUNTY]);
  });

  it('should report unknown division codes when other geocodes of the area matched', () => {
    expect(matchCapAreas([area('青石镇', QINGSHI, '510811199000')], REGIONS)).toEqual({
      regionCodes: [QINGSHI],
      unmatchedAreas: ['510811199000'],
    });
  });

  it('should fall back to areaDesc when no geocode is a known division code', () => {
    expect(matchCapAreas([area('金竹镇', 'CAZ041', '999999999999')], REGIONS)).toEqual({ regionCodes: [JINZHU], unmatchedAreas: [] });
  });

  it('should target both towns and not the district when the district only qualifies them', () => {
    expect(matchCapAreas([area('栖凤区青石镇、白鹤镇')], REGIONS).regionCodes).toEqual([QINGSHI, BAIHE]);
  });

  it('should target the whole district when it is listed on its own', () => {
    expect(matchCapAreas([area('栖凤区、青石镇')], REGIONS).regionCodes).toEqual([COUNTY, QINGSHI]);
  });

  it('should split areaDesc on Chinese and ASCII commas, semicolons and spaces when it lists several places', () => {
    expect(matchCapAreas([area('紫云镇，金竹镇,白鹤镇；青石镇 马鞍彝族乡')], REGIONS).regionCodes).toEqual([ZIYUN, JINZHU, BAIHE, QINGSHI, MAAN]);
  });

  it('should pick the village inside the named town when two villages share a name', () => {
    expect(matchCapAreas([area('紫云镇新华村')], REGIONS).regionCodes).toEqual([XINHUA_ZIYUN]);
  });

  it('should pick the village of a town named elsewhere in areaDesc when villages share a name', () => {
    expect(matchCapAreas([area('金竹镇大坪村、新华村')], REGIONS)).toEqual({ regionCodes: [DAPING, XINHUA_JINZHU], unmatchedAreas: [] });
  });

  it('should target the whole town when the village named after it is unknown', () => {
    expect(matchCapAreas([area('青石镇龙门村')], REGIONS).regionCodes).toEqual([QINGSHI]);
  });

  it('should target every same-named village when nothing tells them apart', () => {
    expect(matchCapAreas([area('新华村')], REGIONS).regionCodes).toEqual([XINHUA_ZIYUN, XINHUA_JINZHU]);
  });

  it('should prefer the longer name when a shorter region name overlaps it', () => {
    const regions = [{ code: QINGSHI, name: '青石镇' }, { code: '510811102203', name: '石镇' }];
    expect(matchCapAreas([area('青石镇')], regions).regionCodes).toEqual([QINGSHI]);
  });

  it('should report the parts of areaDesc that name no region when some parts match', () => {
    expect(matchCapAreas([area('青石镇、临江镇 Riverside')], REGIONS)).toEqual({ regionCodes: [QINGSHI], unmatchedAreas: ['临江镇', 'Riverside'] });
  });

  it('should report the whole areaDesc when no part of it names a region', () => {
    expect(matchCapAreas([area('Ziyun Town, Qifeng District')], REGIONS)).toEqual({ regionCodes: [], unmatchedAreas: ['Ziyun Town, Qifeng District'] });
  });

  it('should merge areas without duplicates when several areas name the same region', () => {
    expect(matchCapAreas([area('青石镇', QINGSHI), area('栖凤区青石镇、马鞍彝族乡马鞍村')], REGIONS).regionCodes).toEqual([
      QINGSHI,
      MAAN_VILLAGE,
    ]);
  });

  it('should return nothing when there are no areas', () => {
    expect(matchCapAreas([], REGIONS)).toEqual({ regionCodes: [], unmatchedAreas: [] });
  });
});
