/**
 * The soak's seeded fault plan: which faults, how many (scaled with the run's length; the floor for a
 * 20-minute run: ≥ 5 server kills, ≥ 5 broker restarts, ≥ 30 agent kills, ≥ 20 partitions) and when. Pure, so a
 * seed always gives the same plan.
 */
import { mulberry32 } from './seeded-random';

export type FaultKind =
  | 'server-kill'
  | 'broker-restart'
  | 'agent-kill-mid-play'
  | 'agent-kill-mid-download'
  | 'sim-worker-kill'
  | 'partition-agent'
  | 'partition-town'
  | 'corrupt-media'
  | 'edit-during-airing'
  | 'withdraw-during-airing'
  | 'alert-during-partition';

export interface PlannedFault {
  kind: FaultKind;
  /** ms after the run phase starts. */
  atMs: number;
  /** How long the fault lasts (down time, partition length) in ms. */
  durationMs: number;
  /** Index into the kind's candidates (agents, towns, workers), taken modulo their number. */
  target: number;
}

/** Faults per 20 minutes; a shorter run gets proportionally fewer, but every kind at least once. */
const PER_20_MIN: Record<FaultKind, number> = {
  'server-kill': 6,
  'broker-restart': 6,
  'agent-kill-mid-play': 18,
  'agent-kill-mid-download': 8,
  'sim-worker-kill': 6,
  'partition-agent': 18,
  'partition-town': 6,
  'corrupt-media': 2,
  'edit-during-airing': 1,
  'withdraw-during-airing': 1,
  'alert-during-partition': 1,
};

/** [min, max] length of each kind, in ms, for a 20-minute run (shorter runs scale the upper end down). */
const DURATION_MS: Record<FaultKind, [number, number]> = {
  'server-kill': [1_000, 15_000],
  'broker-restart': [0, 5_000],
  'agent-kill-mid-play': [2_000, 90_000],
  'agent-kill-mid-download': [2_000, 60_000],
  'sim-worker-kill': [2_000, 60_000],
  'partition-agent': [5_000, 180_000],
  'partition-town': [5_000, 150_000],
  'corrupt-media': [20_000, 60_000],
  'edit-during-airing': [0, 0],
  'withdraw-during-airing': [0, 0],
  'alert-during-partition': [20_000, 60_000],
};

const NEEDS_AIRING_AHEAD = new Set<FaultKind>(['agent-kill-mid-play', 'agent-kill-mid-download', 'corrupt-media']);

export function planFaults(seed: number, runMs: number): PlannedFault[] {
  const random = mulberry32(seed);
  const scale = runMs / (20 * 60_000);
  // Faults start after a warm-up and end early enough to heal before the run phase is over.
  const warmUp = Math.min(20_000, runMs * 0.1);
  const faults: PlannedFault[] = [];
  for (const kind of Object.keys(PER_20_MIN) as FaultKind[]) {
    const count = Math.max(1, Math.round(PER_20_MIN[kind] * scale));
    const [minD, maxD] = DURATION_MS[kind];
    const longest = Math.max(minD, Math.min(maxD, runMs * 0.25));
    for (let i = 0; i < count; i++) {
      const durationMs = Math.round(minD + random() * (longest - minD));
      let latest = Math.max(warmUp, runMs - durationMs - warmUp);
      // In a short run these need an airing (or a download) still ahead of them: the first half, then.
      if (runMs < 10 * 60_000 && NEEDS_AIRING_AHEAD.has(kind)) latest = Math.max(warmUp, Math.min(latest, runMs / 2));
      // The edit and the withdraw come in the middle third, so there are airings before and after them.
      const oneOff = kind === 'edit-during-airing' || kind === 'withdraw-during-airing';
      const atMs = oneOff ? Math.round(runMs * (0.33 + random() * 0.33)) : Math.round(warmUp + random() * (latest - warmUp));
      faults.push({ kind, atMs, durationMs, target: Math.floor(random() * 1_000_000) });
    }
  }
  return faults.sort((a, b) => a.atMs - b.atMs);
}
