import { mergeRequests } from './playlist-requests';

describe('mergeRequests', () => {
  it('should merge neighbouring recompiles into one, without duplicate devices', () => {
    expect(mergeRequests([
      { kind: 'recompile', deviceIds: ['a', 'b'] },
      { kind: 'recompile', deviceIds: ['b', 'c'] },
    ])).toEqual([{ kind: 'recompile', deviceIds: ['a', 'b', 'c'] }]);
  });

  it('should let "every device" absorb its neighbours of the same kind', () => {
    expect(mergeRequests([
      { kind: 'recompile', deviceIds: ['a'] },
      { kind: 'recompile', deviceIds: null },
      { kind: 'recompile', deviceIds: ['b'] },
    ])).toEqual([{ kind: 'recompile', deviceIds: null }]);
  });

  it('should keep the order across kinds: a withdraw between two recompiles stays between them', () => {
    expect(mergeRequests([
      { kind: 'recompile', deviceIds: ['a'] },
      { kind: 'withdraw', deviceIds: ['a'] },
      { kind: 'withdraw', deviceIds: ['b'] },
      { kind: 'recompile', deviceIds: ['a'] },
    ])).toEqual([
      { kind: 'recompile', deviceIds: ['a'] },
      { kind: 'withdraw', deviceIds: ['a', 'b'] },
      { kind: 'recompile', deviceIds: ['a'] },
    ]);
  });

  it('should not change the requests it was given', () => {
    const given = [{ kind: 'recompile' as const, deviceIds: ['a'] }, { kind: 'recompile' as const, deviceIds: ['b'] }];
    mergeRequests(given);
    expect(given[0].deviceIds).toEqual(['a']);
  });
});
