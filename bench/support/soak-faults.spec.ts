import { planFaults, type FaultKind } from './soak-faults';

const count = (plan: ReturnType<typeof planFaults>, kind: FaultKind): number => plan.filter((f) => f.kind === kind).length;

describe('planFaults', () => {
  it('should give the same plan for the same seed and another for another seed', () => {
    expect(planFaults(7, 120_000)).toEqual(planFaults(7, 120_000));
    expect(planFaults(7, 120_000)).not.toEqual(planFaults(8, 120_000));
  });

  it('should meet the issue floor in 20 minutes: ≥ 5 server kills, ≥ 5 broker restarts, ≥ 20 partitions', () => {
    const plan = planFaults(1, 20 * 60_000);
    expect(count(plan, 'server-kill')).toBeGreaterThanOrEqual(5);
    expect(count(plan, 'broker-restart')).toBeGreaterThanOrEqual(5);
    expect(count(plan, 'partition-agent') + count(plan, 'partition-town')).toBeGreaterThanOrEqual(20);
    // Real agent processes killed (mid-download kills twice) plus worker kills of ~10 simulated agents each.
    const kills = count(plan, 'agent-kill-mid-play') + 2 * count(plan, 'agent-kill-mid-download') + 10 * count(plan, 'sim-worker-kill');
    expect(kills).toBeGreaterThanOrEqual(30);
  });

  it('should plan every kind at least once in a short run, each within the run and in time order', () => {
    const runMs = 110_000;
    const plan = planFaults(12, runMs);
    const kinds: FaultKind[] = ['server-kill', 'broker-restart', 'agent-kill-mid-play', 'agent-kill-mid-download', 'sim-worker-kill', 'partition-agent', 'partition-town', 'corrupt-media', 'edit-during-airing', 'withdraw-during-airing', 'alert-during-partition'];
    for (const kind of kinds) expect([kind, count(plan, kind) >= 1]).toEqual([kind, true]);
    for (const f of plan) {
      expect(f.atMs).toBeGreaterThanOrEqual(0);
      expect(f.atMs).toBeLessThanOrEqual(runMs);
    }
    expect(plan.map((f) => f.atMs)).toEqual([...plan.map((f) => f.atMs)].sort((a, b) => a - b));
  });
});
