import { buildRegionTree, type Region } from './region-tree';

const r = (code: string, name: string, level: Region['level'], parentCode: string | null): Region => ({ code, name, level, parentCode });
const regions = [
  r('510811100201', '柏林村', 'village', '510811100000'),
  r('510811000000', '栖凤区', 'county', null),
  r('510811101000', '白鹤镇', 'town', '510811000000'),
  r('510811100000', '青石镇', 'town', '510811000000'),
  r('510811100001', '龙门社区', 'village', '510811100000'),
];

describe('buildRegionTree', () => {
  it('should nest county → town → village with children in code order', () => {
    const [county] = buildRegionTree(regions);
    expect(county.title).toBe('栖凤区');
    expect(county.children.map((t) => t.title)).toEqual(['青石镇', '白鹤镇']);
    expect(county.children[0].children.map((v) => v.value)).toEqual(['510811100001', '510811100201']);
  });

  it('should start at the scope region, or give nothing for an unknown scope', () => {
    expect(buildRegionTree(regions, '510811100000').map((n) => n.title)).toEqual(['青石镇']);
    expect(buildRegionTree(regions, '999999999999')).toEqual([]);
  });

  it('should skip a lone province and city above the county', () => {
    const withParents = [r('510000000000', '四川省', 'province', null), r('510800000000', '广元市', 'city', '510000000000'), ...regions.map((x) => (x.level === 'county' ? { ...x, parentCode: '510800000000' } : x))];
    expect(buildRegionTree(withParents).map((n) => n.title)).toEqual(['栖凤区']);
  });
});
