import { SeqSource } from './seq-source';

describe('SeqSource', () => {
  it('should increase strictly when the clock stands still', () => {
    const s = new SeqSource(() => 1_000);
    const a = s.next();
    const b = s.next();
    expect(b).toBe(a + 1);
  });
  it('should stay above earlier values when the clock goes backwards', () => {
    let now = 2_000;
    const s = new SeqSource(() => now);
    const a = s.next();
    now = 1_000;
    expect(s.next()).toBeGreaterThan(a);
  });
  it('should exceed the previous run when a restart happens later', () => {
    const before = new SeqSource(() => 5_000);
    for (let i = 0; i < 100; i++) before.next();
    const after = new SeqSource(() => 5_001);
    expect(after.next()).toBeGreaterThan(before.next());
  });
});
