import type { TransitionCause } from './device-transition.entity';

export interface Transition {
  online: boolean;
  at: Date;
}

/**
 * The transition a state message makes, or null when the device's online flag does not change. Times come from
 * the device (it knows when it went on or off air even if the message arrives late) but are kept between the
 * previous transition and now. A Last Will carries the time it was set (the connect), which is not after the last
 * transition: then the server's time of arrival is the best knowledge.
 */
export function nextTransition(last: Transition | null, state: { online: boolean; at?: string }, nowMs: number): (Transition & { cause: TransitionCause }) | null {
  if ((last?.online ?? false) === state.online) return null;
  const lower = last?.at.getTime() ?? Number.NEGATIVE_INFINITY;
  const told = state.at ? Date.parse(state.at) : NaN;
  const valid = Number.isFinite(told) && told > 0;
  if (state.online) {
    const at = Math.max(Math.min(valid ? told : nowMs, nowMs), lower);
    return { online: true, at: new Date(at), cause: 'online' };
  }
  if (valid && told > lower) return { online: false, at: new Date(Math.min(told, nowMs)), cause: 'offline' };
  return { online: false, at: new Date(Math.max(nowMs, lower)), cause: 'last-will' };
}

export interface StateMessage {
  deviceId: string;
  state: { online: boolean; at?: string };
  /** Server time of arrival. */
  nowMs: number;
}

/**
 * The transitions a batch of state messages makes, in arrival order, each against its device's previous
 * transition (the stored last one, then those of the batch before it).
 */
export function batchTransitions(last: ReadonlyMap<string, Transition>, messages: readonly StateMessage[]): Array<Transition & { deviceId: string; cause: TransitionCause }> {
  const current = new Map(last);
  const out: Array<Transition & { deviceId: string; cause: TransitionCause }> = [];
  for (const m of messages) {
    const next = nextTransition(current.get(m.deviceId) ?? null, m.state, m.nowMs);
    if (!next) continue;
    out.push({ deviceId: m.deviceId, ...next });
    current.set(m.deviceId, next);
  }
  return out;
}

export interface Outage {
  from: Date;
  /** Null: still offline at the end of the period. */
  until: Date | null;
  seconds: number;
}

export interface DeviceAvailability {
  /** Seconds online within the period (up to now when the period has not ended). */
  onlineSeconds: number;
  /** Seconds of the period that have passed (the share's denominator). */
  periodSeconds: number;
  /** Online share 0..1; null when no part of the period has passed. */
  share: number | null;
  outages: Outage[];
}

/**
 * Online share and outages of one device over [from, to), from its transitions in time order; `before` is the
 * last transition before the period (its state at the start; none: offline, never seen). Time after `nowMs`
 * has not happened and is left out.
 */
export function deviceAvailability(before: Transition | null, transitions: readonly Transition[], from: Date, to: Date, nowMs: number): DeviceAvailability {
  const start = from.getTime();
  const end = Math.min(to.getTime(), nowMs);
  if (end <= start) return { onlineSeconds: 0, periodSeconds: 0, share: null, outages: [] };
  let online = before?.online ?? false;
  let since = start;
  let onlineMs = 0;
  const outages: Array<{ from: number; until: number | null }> = [];
  if (!online && before) outages.push({ from: start, until: null });
  for (const t of transitions) {
    const at = Math.min(Math.max(t.at.getTime(), start), end);
    if (at >= end) break;
    if (t.online === online) continue;
    if (online) {
      onlineMs += at - since;
      outages.push({ from: at, until: null });
    } else if (outages.length > 0) {
      outages[outages.length - 1].until = at;
    }
    online = t.online;
    since = at;
  }
  if (online) onlineMs += end - since;
  const periodMs = end - start;
  return {
    onlineSeconds: Math.round(onlineMs / 1000),
    periodSeconds: Math.round(periodMs / 1000),
    share: onlineMs / periodMs,
    outages: outages.map((o) => ({ from: new Date(o.from), until: o.until === null ? null : new Date(o.until), seconds: Math.round(((o.until ?? end) - o.from) / 1000) })),
  };
}

/** Was the device online at `at`? (`before`: its last transition before the transitions given; none: never seen.) */
export function onlineAt(before: Transition | null, transitions: readonly Transition[], at: Date): boolean {
  let online = before !== null && before.at <= at ? before.online : false;
  for (const t of transitions) {
    if (t.at > at) break;
    online = t.online;
  }
  return online;
}

export interface AvailabilityRollup {
  devices: number;
  /** Mean of the devices' shares (those with a figure); null when none has one. */
  onlineShare: number | null;
  outages: number;
  outageSeconds: number;
}

/** Devices' availability summed into one row: mean share, outage count and seconds. */
export function rollUpAvailability(devices: readonly DeviceAvailability[]): AvailabilityRollup {
  const shares = devices.map((d) => d.share).filter((s): s is number => s !== null);
  return {
    devices: devices.length,
    onlineShare: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
    outages: devices.reduce((a, d) => a + d.outages.length, 0),
    outageSeconds: devices.reduce((a, d) => a + d.outages.reduce((s, o) => s + o.seconds, 0), 0),
  };
}

export interface RegionTransition extends Transition {
  /** The device's region from this transition on. */
  regionCode: string;
}

export interface RegionPart {
  regionCode: string;
  availability: DeviceAvailability;
}

/**
 * One device's availability over [from, to) split by where it was: each stretch between region changes is
 * counted in its region at the time (a device moved mid-period counts its online time in each village for the
 * part it spent there). `currentRegion` stands for the time before any transition says where it was.
 */
export function availabilityByRegion(before: RegionTransition | null, transitions: readonly RegionTransition[], from: Date, to: Date, nowMs: number, currentRegion: string): RegionPart[] {
  const firstRegion = before?.regionCode ?? transitions[0]?.regionCode ?? currentRegion;
  const cuts: Array<{ at: number; regionCode: string }> = [{ at: from.getTime(), regionCode: firstRegion }];
  for (const t of transitions) {
    const at = Math.max(t.at.getTime(), from.getTime());
    if (t.regionCode === cuts[cuts.length - 1].regionCode || at >= to.getTime()) continue;
    if (at === cuts[cuts.length - 1].at) cuts[cuts.length - 1].regionCode = t.regionCode;
    else cuts.push({ at, regionCode: t.regionCode });
  }
  return cuts.map((c, i) => {
    const start = new Date(c.at);
    const end = new Date(i + 1 < cuts.length ? cuts[i + 1].at : to.getTime());
    const earlier = [...(before ? [before] : []), ...transitions.filter((t) => t.at < start)];
    const state = earlier.length > 0 ? earlier[earlier.length - 1] : null;
    const during = transitions.filter((t) => t.at >= start && t.at < end);
    return { regionCode: c.regionCode, availability: deviceAvailability(state, during, start, end, nowMs) };
  });
}

/**
 * Parts of one device (in time order) as one figure: online and elapsed seconds summed; an outage running on
 * across the cut between two adjacent parts is one outage.
 */
export function mergeAvailability(parts: readonly DeviceAvailability[]): DeviceAvailability {
  const onlineSeconds = parts.reduce((a, p) => a + p.onlineSeconds, 0);
  const periodSeconds = parts.reduce((a, p) => a + p.periodSeconds, 0);
  const outages: Outage[] = [];
  for (const p of parts) {
    for (const o of p.outages) {
      const last = outages[outages.length - 1];
      if (last && last.until === null && Math.abs(last.from.getTime() + last.seconds * 1000 - o.from.getTime()) < 1000) {
        outages[outages.length - 1] = { from: last.from, until: o.until, seconds: last.seconds + o.seconds };
      } else outages.push(o);
    }
  }
  return { onlineSeconds, periodSeconds, share: periodSeconds > 0 ? onlineSeconds / periodSeconds : null, outages };
}
