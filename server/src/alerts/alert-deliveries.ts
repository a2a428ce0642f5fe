import { isWithin, levelOf, regionChain } from '@sunshine/devices';
import type { AlertAck, AlertAckState } from '@sunshine/playlists';

/** 'waiting' until the device answers; then its most advanced answer. */
export type DeliveryState = 'waiting' | AlertAckState;
export const DELIVERY_STATES: readonly DeliveryState[] = ['waiting', 'received', 'playing', 'success', 'failed', 'cancelled'];

const RANK: Record<DeliveryState, number> = { waiting: 0, received: 1, playing: 2, success: 3, failed: 3, cancelled: 3 };

export interface DeliveryStatus {
  state: DeliveryState;
  reason: string | null;
}

/**
 * Where a device's answers take its delivery. Forward only, because QoS 1 may deliver an ack twice or after a
 * later one; the first final answer (success, failed, cancelled) stays.
 */
export function advanceDelivery(current: DeliveryStatus, acks: ReadonlyArray<Pick<AlertAck, 'state' | 'reason'>>): DeliveryStatus {
  let next = current;
  for (const ack of acks) {
    if (RANK[ack.state] > RANK[next.state]) next = { state: ack.state, reason: ack.reason ?? null };
  }
  return next;
}

/** The most specific target containing the device's region (its village when both village and town are targets). */
export function coveringTarget(deviceRegion: string, targets: readonly string[]): string | null {
  const covering = targets.filter((t) => isWithin(deviceRegion, t));
  return covering.sort((a, b) => depth(b) - depth(a))[0] ?? null;
}

/** Devices an alert to `targets` reaches, each with the target region that covers it. */
export function targetedDevices(devices: ReadonlyArray<{ id: string; regionCode: string }>, targets: readonly string[]): Array<{ deviceId: string; regionCode: string }> {
  return devices.flatMap((d) => {
    const regionCode = coveringTarget(d.regionCode, targets);
    return regionCode ? [{ deviceId: d.id, regionCode }] : [];
  });
}

export type StateCounts = Record<DeliveryState, number>;

export interface DeliveryRow {
  deviceId: string;
  regionCode: string;
  state: DeliveryState;
  reason: string | null;
}

export interface DeliverySummary {
  total: number;
  byState: StateCounts;
  byRegion: Array<{ regionCode: string; total: number; byState: StateCounts }>;
  /** Targeted devices that have not answered at all. */
  unanswered: Array<{ deviceId: string; regionCode: string }>;
  failed: Array<{ deviceId: string; regionCode: string; reason: string | null }>;
}

/** Counts per state and per target region (in the order the regions were targeted), and who has not answered. */
export function summariseDeliveries(rows: readonly DeliveryRow[], targets: readonly string[]): DeliverySummary {
  const regionOrder = [...targets, ...rows.map((r) => r.regionCode).filter((c) => !targets.includes(c))];
  const byRegion = new Map([...new Set(regionOrder)].map((code) => [code, { regionCode: code, total: 0, byState: zeroCounts() }]));
  const byState = zeroCounts();
  for (const row of rows) {
    byState[row.state]++;
    const region = byRegion.get(row.regionCode)!;
    region.total++;
    region.byState[row.state]++;
  }
  const sorted = [...rows].sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.deviceId.localeCompare(b.deviceId));
  return {
    total: rows.length,
    byState,
    byRegion: [...byRegion.values()],
    unanswered: sorted.filter((r) => r.state === 'waiting').map(({ deviceId, regionCode }) => ({ deviceId, regionCode })),
    failed: sorted.filter((r) => r.state === 'failed').map(({ deviceId, regionCode, reason }) => ({ deviceId, regionCode, reason })),
  };
}

export interface TownCounts {
  /** The town (乡镇) the devices sit in; null for devices registered directly on the county. */
  townCode: string | null;
  total: number;
  byState: StateCounts;
}

/**
 * Answers per town of the devices themselves, whatever level was targeted: a county-wide alert still reads town
 * by town on the duty officer's board. Towns in code order, devices outside any town last.
 */
export function countsByTown(rows: ReadonlyArray<{ state: DeliveryState; deviceRegion: string | null }>): TownCounts[] {
  const towns = new Map<string | null, TownCounts>();
  for (const row of rows) {
    const townCode = row.deviceRegion ? (regionChain(row.deviceRegion).find((c) => levelOf(c) === 'town') ?? null) : null;
    let t = towns.get(townCode);
    if (!t) towns.set(townCode, (t = { townCode, total: 0, byState: zeroCounts() }));
    t.total++;
    t.byState[row.state]++;
  }
  return [...towns.values()].sort((a, b) => (a.townCode === null ? 1 : b.townCode === null ? -1 : a.townCode.localeCompare(b.townCode)));
}

export function zeroCounts(): StateCounts {
  return { waiting: 0, received: 0, playing: 0, success: 0, failed: 0, cancelled: 0 };
}

/**
 * The topics whose retained copy is still this alert's, and may be cleared when it ends: a topic re-used by an
 * alert published later holds that alert now.
 */
export function retainedCodesOf(
  alert: { regionCodes: readonly string[]; publishedAt: Date | null },
  others: ReadonlyArray<{ regionCodes: readonly string[]; publishedAt: Date | null }>,
): string[] {
  const published = alert.publishedAt?.getTime() ?? 0;
  const taken = new Set(others.filter((o) => (o.publishedAt?.getTime() ?? 0) > published).flatMap((o) => o.regionCodes));
  return alert.regionCodes.filter((c) => !taken.has(c));
}

function depth(code: string): number {
  return code.replace(/0+$/, '').length;
}
