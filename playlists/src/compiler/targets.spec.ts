import { ScheduleTargets, TargetableDevice, TargetIndex, targetsDevice } from './targets';

const device: TargetableDevice = {
  id: 'spk-1',
  kind: 'speaker',
  regionCodes: ['510811100201', '510811100000', '510811000000', '510800000000', '510000000000'],
  tags: ['river', 'school'],
};

describe('targetsDevice', () => {
  it.each<[boolean, string, ScheduleTargets]>([
    [true, 'its device id', { deviceIds: ['x', 'spk-1'] }],
    [true, 'its own village code', { regionCodes: ['510811100201'] }],
    [true, 'its county code', { regionCodes: ['510811000000'] }],
    [true, 'its province code', { regionCodes: ['510000000000'] }],
    [true, 'its kind', { kinds: ['speaker'] }],
    [true, 'one of its tags', { tags: ['school'] }],
    [true, 'a match in one field only', { deviceIds: ['other'], kinds: ['tv'], tags: ['river'] }],
    [false, 'a sibling village', { regionCodes: ['510811100202'] }],
    [false, 'another county', { regionCodes: ['510812000000'] }],
    [false, 'other ids, kinds and tags', { deviceIds: ['spk-2'], kinds: ['tv', 'led'], tags: ['market'] }],
    [false, 'empty lists', { deviceIds: [], regionCodes: [], kinds: [], tags: [] }],
    [false, 'no fields', {}],
  ])('should return %p when targets list %s', (expected, _label, targets) => {
    expect(targetsDevice(targets, device)).toBe(expected);
  });

  it('should reach a device only inside the region restriction when one is given', () => {
    expect(targetsDevice({ kinds: ['speaker'], within: ['510811100000'] }, device)).toBe(true);
    expect(targetsDevice({ kinds: ['speaker'], within: ['510811101000'] }, device)).toBe(false);
    expect(targetsDevice({ deviceIds: ['spk-1'], within: [] }, device)).toBe(false);
  });

  it('should not match by tag when the device has no tags', () => {
    expect(targetsDevice({ tags: ['river'] }, { ...device, tags: undefined })).toBe(false);
  });
});

describe('TargetIndex', () => {
  it('should give the same answer as targetsDevice, region restrictions included', () => {
    const schedules: ScheduleTargets[] = [
      { kinds: ['speaker'] },
      { kinds: ['speaker'], within: ['510811100000'] },
      { tags: ['river'], within: ['510811101000'] },
      { regionCodes: ['510811000000'], within: ['510811100201', '510811101000'] },
      { deviceIds: ['spk-2'] },
    ];
    const index = new TargetIndex(schedules);
    const other: TargetableDevice = { id: 'spk-2', kind: 'speaker', regionCodes: ['510811101201', '510811101000', '510811000000'], tags: ['river'] };
    for (const d of [device, other]) {
      const expected = schedules.map((t, i) => (targetsDevice(t, d) ? i : -1)).filter((i) => i >= 0);
      expect(index.matching(d)).toEqual(expected);
    }
    expect(index.matching(device)).toEqual([0, 1, 3]);
  });
});
