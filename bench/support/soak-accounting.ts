/**
 * The soak's ground truth against the server's record, as pure functions: for every (device, slot) the plan of
 * record said should air, what the server accounts for (aired, interrupted or failed with its reason) or why the
 * soak expected nothing (the agent was down through the slot's grace window, killed mid-play, the content was
 * withdrawn first). "Lost" is a play the agent journalled that never reached the server; "duplicate" a play log
 * stored twice, or a slot aired twice on one device; "unverified" a play of bytes whose sha256 is not the item's.
 */
import { spread, type Spread } from './stats';

export interface PlannedSlot {
  deviceId: string;
  slotId: string;
  startMs: number;
  contentId: string;
  /**
   * Withdrawn for this device: in the plan at the start, gone from it at the end, and the withdrawal came before
   * the device's own clock reached the slot (it was told not to play it; see plannedOfRecord).
   */
  withdrawn: boolean;
  /**
   * Withdrawn by the server's clock: gone from the plan, and the slot's start (real time) came after the
   * withdrawal. The coverage report decides "not yet started" by the server's clock (report-recorder.service.ts),
   * so this, not `withdrawn`, is what its columns leave out. Differs from `withdrawn` only on a skewed device.
   */
  withdrawnByServerClock: boolean;
}

/** A (device, slot) of a plan read from the devices' timelines. */
export type PlanEntry = Omit<PlannedSlot, 'withdrawn' | 'withdrawnByServerClock'>;

/**
 * The plan of record from the timelines read before the faults and after settling: a withdrawn content leaves
 * every timeline, its past slots too, so a slot missing at the end was withdrawn only if the withdrawal reached
 * the device before the slot was due on the device's own clock (real time startMs − skew): a device whose clock
 * runs behind is told not to play a slot the server already sees as started, and rightly never airs it. Slots
 * only in the end plan (added by an edit) are planned, not withdrawn.
 */
export function plannedOfRecord(
  atStart: ReadonlyMap<string, PlanEntry>,
  atEnd: ReadonlyMap<string, PlanEntry>,
  withdrawnAt: number,
  skewOf: (deviceId: string) => number,
): PlannedSlot[] {
  const planned: PlannedSlot[] = [...atStart.entries()].map(([k, s]) => {
    const gone = !atEnd.has(k);
    return { ...s, withdrawn: gone && s.startMs - skewOf(s.deviceId) > withdrawnAt, withdrawnByServerClock: gone && s.startMs > withdrawnAt };
  });
  for (const [k, s] of atEnd) if (!atStart.has(k)) planned.push({ ...s, withdrawn: false, withdrawnByServerClock: false });
  return planned;
}

export interface ServerPlayLog {
  id: string;
  deviceId: string;
  slotId: string | null;
  contentId: string;
  sha256: string;
  startedAt: string;
  outcome: 'completed' | 'interrupted' | 'failed';
  reason: string | null;
}

/** A play the agent journalled (its log line or its journal file). */
export interface RecordedPlay {
  id: string;
  deviceId: string;
  slotId: string | null;
}

export interface VerifiedPlay {
  deviceId: string;
  expected: string;
  actual: string;
}

export interface DeviceFacts {
  /** The device clock's lead over real time (negative: behind). */
  skewMs: number;
  /** Real-time intervals during which the agent was not running. */
  down: Array<[number, number]>;
  /** Slots the agent had started when it was killed (a play that cannot have a log). */
  killedMidPlay: Set<string>;
  /** Slots the agent reported waiting for media (start time not a measure of timing). */
  waitedForMedia: Set<string>;
  /** Real times the agent (re)started: a slot due just after is a catch-up, not a timing sample. */
  startedAt: number[];
  /** Real time the agent first received a playlist after the schedules were made; null if it never did. */
  playlistAt: number | null;
}

export interface AccountingInput {
  planned: PlannedSlot[];
  logs: ServerPlayLog[];
  recorded: RecordedPlay[];
  verified: VerifiedPlay[];
  devices: Map<string, DeviceFacts>;
  /** sha256 of every rendition of every soak content: a play log naming anything else played unknown bytes. */
  knownSha: Set<string>;
  graceMs: number;
  /** Real-time intervals when an emergency alert held the schedule. */
  alertWindows: Array<[number, number]>;
}

export interface Accounting {
  planned: number;
  /** Planned slot outcome → count; every planned slot is in exactly one. */
  outcomes: Record<string, number>;
  accounted: number;
  unaccounted: Array<{ deviceId: string; slotId: string }>;
  withdrawnSlots: { total: number; notAired: number; airedAnyway: number };
  playLogs: { recordedByAgents: number; onServer: number; lost: number; lostIds: string[]; duplicates: number; slotsAiredTwice: number };
  unverifiedPlays: number;
  unverifiedDetail: string[];
  startErrorMs: {
    /** Unskewed devices, running before and at the slot's start: how far its start was from the slot's, on its clock. */
    onTime: Spread & { n: number };
    /**
     * Skewed devices, likewise, with the injected skew taken out: how far the start was from the slot on the
     * device's own clock, the clock the agent schedules by (it estimates its offset from the server's envelopes,
     * clock-offset.ts, but only reports it in its state; it does not correct its schedule). Comparable to onTime.
     */
    skewedTrueError: Spread & { n: number };
    /** The same plays against real time (device error minus the skew): ≈ |skew| while agents play by their own clock. */
    skewedRealTime: Spread & { n: number };
    /**
     * Slots due while the agent was down or within CATCH_UP_MS of its (re)start, and slots whose agent went down
     * between their start and their play (killed mid-play, it plays the slot again once back): played late by
     * design (catch-up within the grace window), on the device's clock.
     */
    lateAfterRecovery: Spread & { n: number };
    /** Left out of every figure above: the agent was waiting for the media, or an emergency alert held the schedule. */
    excluded: { waitedForMedia: number; alertHeld: number };
    /** Every non-failed play log, whatever its circumstances. */
    all: Spread & { n: number };
    explain: string;
  };
}


/** A slot due within this long after an agent (re)start or inside an alert is a catch-up, not a timing sample. */
const CATCH_UP_MS = 15_000;

const START_ERROR_EXPLAINED =
  'Start error (ms, absolute): onTime = unskewed devices running from the slot start to its play; ' +
  'skewedTrueError = skewed devices likewise, the injected skew taken out (error on the device clock, which the agent plays by); ' +
  'skewedRealTime = the same plays against real time (≈ |skew|, not an error of the agent); ' +
  `lateAfterRecovery = slots due while the agent was down or restarting (within ${CATCH_UP_MS / 1000} s of its start), or whose agent was killed between the slot start and its play (a mid-play kill: the slot is played again once back), a catch-up, not a timing sample; ` +
  'excluded = waited for media or held by an emergency alert; all = every non-failed play log.';

const overlaps = (intervals: Array<[number, number]>, from: number, to: number): boolean => intervals.some(([a, b]) => a < to && b > from);

export function account(input: AccountingInput): Accounting {
  const logsByDeviceSlot = new Map<string, ServerPlayLog[]>();
  const idCount = new Map<string, number>();
  for (const log of input.logs) {
    const key = `${log.deviceId}|${log.id}`;
    idCount.set(key, (idCount.get(key) ?? 0) + 1);
    if (log.slotId === null) continue;
    const k = `${log.deviceId}|${log.slotId}`;
    const list = logsByDeviceSlot.get(k) ?? [];
    list.push(log);
    logsByDeviceSlot.set(k, list);
  }
  const recordedSlots = new Set(input.recorded.filter((r) => r.slotId !== null).map((r) => `${r.deviceId}|${r.slotId}`));
  const outcomes: Record<string, number> = {};
  const bump = (key: string): void => void (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const unaccounted: Accounting['unaccounted'] = [];
  const withdrawnSlots = { total: 0, notAired: 0, airedAnyway: 0 };
  let slotsAiredTwice = 0;
  const onTime: number[] = [];
  const skewedTrue: number[] = [];
  const skewedReal: number[] = [];
  const lateAfterRecovery: number[] = [];
  const excluded = { waitedForMedia: 0, alertHeld: 0 };
  const all: number[] = [];

  for (const slot of input.planned) {
    const facts = input.devices.get(slot.deviceId);
    const skew = facts?.skewMs ?? 0;
    const logs = logsByDeviceSlot.get(`${slot.deviceId}|${slot.slotId}`) ?? [];
    if (logs.filter((l) => l.outcome === 'completed').length > 1) slotsAiredTwice++;
    if (slot.withdrawn) {
      withdrawnSlots.total++;
      if (logs.length === 0) withdrawnSlots.notAired++;
      else withdrawnSlots.airedAnyway++;
      continue;
    }
    if (logs.length > 0) {
      const last = logs[logs.length - 1];
      bump(last.outcome === 'completed' ? 'aired' : `${last.outcome}:${last.reason ?? 'unknown'}`);
      for (const log of logs) {
        if (log.outcome === 'failed') continue;
        const agentError = Date.parse(log.startedAt) - slot.startMs;
        all.push(agentError);
        // The real instant the slot was due for this device: its own clock says startMs when real time is startMs − skew.
        const dueReal = slot.startMs - skew;
        if (facts?.waitedForMedia.has(slot.slotId)) {
          excluded.waitedForMedia++;
          continue;
        }
        if (overlaps(input.alertWindows, dueReal - 60_000, dueReal + 1_000)) {
          excluded.alertHeld++;
          continue;
        }
        // The real instant this play started (its startedAt is on the device clock).
        const playedReal = Date.parse(log.startedAt) - skew;
        // Not running at the start (killed, its simulation process killed), only just (re)started, or killed after
        // the start and before this play (a mid-play kill: the restarted agent plays the slot again): a catch-up.
        const recovering =
          overlaps(facts?.down ?? [], dueReal - CATCH_UP_MS, Math.max(dueReal + 1, playedReal)) ||
          (facts?.startedAt ?? []).some((t) => t <= dueReal && dueReal - t < CATCH_UP_MS);
        if (recovering) lateAfterRecovery.push(agentError);
        else if (skew === 0) onTime.push(agentError);
        else {
          skewedTrue.push(agentError);
          skewedReal.push(agentError - skew);
        }
      }
      continue;
    }
    const dueReal = slot.startMs - skew;
    if (recordedSlots.has(`${slot.deviceId}|${slot.slotId}`)) {
      bump('lost');
      unaccounted.push({ deviceId: slot.deviceId, slotId: slot.slotId });
    } else if (facts && (facts.playlistAt === null || facts.playlistAt > dueReal)) {
      bump('not-aired:no-playlist-yet');
    } else if (facts?.killedMidPlay.has(slot.slotId)) {
      bump('not-aired:agent-killed-mid-play');
    } else if (facts && overlaps(facts.down, dueReal - 1_000, dueReal + input.graceMs)) {
      bump('not-aired:agent-down');
    } else {
      bump('unaccounted');
      unaccounted.push({ deviceId: slot.deviceId, slotId: slot.slotId });
    }
  }

  const onServer = new Set(input.logs.map((l) => `${l.deviceId}|${l.id}`));
  const recordedIds = new Set(input.recorded.map((r) => `${r.deviceId}|${r.id}`));
  const lostIds = [...recordedIds].filter((k) => !onServer.has(k));
  const duplicates = [...idCount.values()].reduce((n, c) => n + (c - 1), 0);
  const unverifiedDetail = [
    ...input.verified.filter((v) => v.expected !== v.actual).map((v) => `${v.deviceId}: played ${v.actual} as ${v.expected}`),
    ...input.logs.filter((l) => l.outcome !== 'failed' && !input.knownSha.has(l.sha256)).map((l) => `${l.deviceId}: play log ${l.id} names unknown media ${l.sha256}`),
  ];
  const planned = input.planned.filter((s) => !s.withdrawn).length;
  const notAccounted = (outcomes.unaccounted ?? 0) + (outcomes.lost ?? 0);
  return {
    planned,
    outcomes,
    accounted: planned - notAccounted,
    unaccounted,
    withdrawnSlots,
    playLogs: { recordedByAgents: recordedIds.size, onServer: onServer.size, lost: lostIds.length, lostIds: lostIds.slice(0, 20), duplicates, slotsAiredTwice },
    unverifiedPlays: unverifiedDetail.length,
    unverifiedDetail: unverifiedDetail.slice(0, 20),
    startErrorMs: {
      onTime: { n: onTime.length, ...spreadAbs(onTime) },
      skewedTrueError: { n: skewedTrue.length, ...spreadAbs(skewedTrue) },
      skewedRealTime: { n: skewedReal.length, ...spreadAbs(skewedReal) },
      lateAfterRecovery: { n: lateAfterRecovery.length, ...spreadAbs(lateAfterRecovery) },
      excluded,
      all: { n: all.length, ...spreadAbs(all) },
      explain: START_ERROR_EXPLAINED,
    },
  };
}

/** Percentiles of how far off the starts were, either way. */
function spreadAbs(values: number[]): Spread {
  return spread(values.map((v) => Math.abs(v)));
}

/** A content's figures as GET /api/reports/coverage gives them (its totals). */
export interface ReportFigures {
  planned: number;
  aired: number;
  interrupted: number;
  failed: number;
  failedByReason: Record<string, number>;
  notReported: number;
}

const RANK: Record<ServerPlayLog['outcome'], number> = { failed: 1, interrupted: 2, completed: 3 };

/**
 * What the coverage report must say for one content, from the ground truth: every planned (device, slot) not
 * withdrawn is one `planned`; its column is the best outcome any of its play logs reports (a retry after a failure
 * completes it, as the report counts it): completed → aired, interrupted → interrupted, failed → failed and
 * failedByReason[reason], no play log at all → notReported (whatever the soak knows of why: agent down, killed
 * mid-play, no playlist yet — the report cannot know, and must not guess). A slot withdrawn by the server's clock
 * is in no column (the report's rule; a skewed device's slot withdrawn after its real start stays planned there).
 */
export function reportTruth(planned: readonly PlannedSlot[], logs: readonly ServerPlayLog[], contentId: string): ReportFigures {
  const best = new Map<string, ServerPlayLog>();
  for (const l of logs) {
    if (l.slotId === null) continue;
    const k = `${l.deviceId}|${l.slotId}`;
    const b = best.get(k);
    if (!b || RANK[l.outcome] > RANK[b.outcome]) best.set(k, l);
  }
  const out: ReportFigures = { planned: 0, aired: 0, interrupted: 0, failed: 0, failedByReason: {}, notReported: 0 };
  for (const p of planned) {
    if (p.contentId !== contentId || p.withdrawnByServerClock) continue;
    out.planned++;
    const l = best.get(`${p.deviceId}|${p.slotId}`);
    if (!l) out.notReported++;
    else if (l.outcome === 'completed') out.aired++;
    else if (l.outcome === 'interrupted') out.interrupted++;
    else {
      out.failed++;
      const reason = l.reason ?? 'unknown';
      out.failedByReason[reason] = (out.failedByReason[reason] ?? 0) + 1;
    }
  }
  return out;
}

/** Equal figure by figure, failure reasons included (in any order). */
export function sameFigures(a: ReportFigures, b: ReportFigures): boolean {
  const reasons = new Set([...Object.keys(a.failedByReason), ...Object.keys(b.failedByReason)]);
  return (
    a.planned === b.planned &&
    a.aired === b.aired &&
    a.interrupted === b.interrupted &&
    a.failed === b.failed &&
    a.notReported === b.notReported &&
    [...reasons].every((r) => (a.failedByReason[r] ?? 0) === (b.failedByReason[r] ?? 0))
  );
}
