import { devicesPerRegion } from './region-counts';

describe('devicesPerRegion', () => {
  it('should count a device for its village, town and county', () => {
    const counts = devicesPerRegion([
      { regionChain: ['510811100201', '510811100000', '510811000000'] },
      { regionChain: ['510811100202', '510811100000', '510811000000'] },
      { regionChain: ['510811101201', '510811101000', '510811000000'] },
    ]);
    expect(counts.get('510811000000')).toBe(3);
    expect(counts.get('510811100000')).toBe(2);
    expect(counts.get('510811100201')).toBe(1);
    expect(counts.get('510811102000')).toBeUndefined();
  });
});
