import { ScheduleTargets, TargetableDevice, targetsDevice } from './targets';

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

  it('should not match by tag when the device has no tags', () => {
    expect(targetsDevice({ tags: ['river'] }, { ...device, tags: undefined })).toBe(false);
  });
});
