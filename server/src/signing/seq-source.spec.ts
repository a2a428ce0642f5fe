import { SeqSource, type SeqHighWater } from './seq-source';

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

describe('SeqSource with a stored high-water mark', () => {
  const memory = (): SeqHighWater & { saved: number[] } => {
    const saved: number[] = [];
    return { saved, load: () => saved.at(-1) ?? 0, save: (n) => saved.push(n) };
  };

  it('should exceed the previous run when the clock was stepped back across a restart', () => {
    const store = memory();
    const before = new SeqSource(() => 10_000_000, store);
    let last = 0;
    for (let i = 0; i < 100; i++) last = before.next();
    const after = new SeqSource(() => 10_000_000 - 3_600_000, store); // an hour earlier
    expect(after.next()).toBeGreaterThan(last);
  });

  it('should write the store about once a minute of clock time, not once per value', () => {
    const store = memory();
    let now = 1_000_000;
    const s = new SeqSource(() => now, store);
    for (let i = 0; i < 1000; i++) s.next();
    expect(store.saved).toHaveLength(1);
    now += 61_000;
    s.next();
    expect(store.saved).toHaveLength(2);
  });
});
