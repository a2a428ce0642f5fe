import { summariseTargets, townOf } from './target-summary';

const devices = [
  { id: 'a', kind: 'speaker', regionCode: '510811100201', tags: ['village'] },
  { id: 'b', kind: 'speaker', regionCode: '510811100202', tags: [] },
  { id: 'c', kind: 'tv', regionCode: '510811101201', tags: ['hall'] },
  { id: 'd', kind: 'led', regionCode: '510811000000', tags: [] },
];
const names = new Map([
  ['510811100000', '甲镇'],
  ['510811101000', '乙镇'],
]);

describe('summariseTargets', () => {
  it('should count a region with its descendants, per kind and per town', () => {
    expect(summariseTargets(devices, { regionCodes: ['510811100000'] }, names)).toEqual({
      count: 2,
      byKind: { speaker: 2 },
      byTown: [{ code: '510811100000', name: '甲镇', count: 2 }],
    });
  });

  it('should reach a device listed by any criterion once (union, as the compiler)', () => {
    const s = summariseTargets(devices, { deviceIds: ['a'], kinds: ['speaker'], tags: ['hall'] }, names);
    expect(s.count).toBe(3);
    expect(s.byKind).toEqual({ speaker: 2, tv: 1 });
    expect(s.byTown.map((t) => [t.name, t.count])).toEqual([
      ['甲镇', 2],
      ['乙镇', 1],
    ]);
  });

  it('should put a device above town level under no town', () => {
    const s = summariseTargets(devices, { kinds: ['led'] }, names);
    expect(s.byTown).toEqual([{ code: '', name: '（未归属乡镇）', count: 1 }]);
  });

  it('should reach nothing with empty targets', () => {
    expect(summariseTargets(devices, {}, names)).toEqual({ count: 0, byKind: {}, byTown: [] });
  });

  it('should find the town of a village and none for a county', () => {
    expect(townOf('510811100201')).toBe('510811100000');
    expect(townOf('510811000000')).toBeNull();
  });
});
