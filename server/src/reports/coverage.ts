/**
 * Coverage maths (pure): per-device figures, as the database aggregates them per (region at the time, device),
 * rolled up into the rows of a report (the next region level down, or devices), with totals and flags.
 */
export interface CoverageCell {
  /** Region of the slots / airings at the time they aired (a moved device has a cell per region). */
  regionCode: string;
  deviceId: string;
  /** Slots due in the period (start before now), dropped slots excluded. */
  planned: number;
  completed: number;
  interrupted: number;
  failed: number;
  /** Due slots without any play log yet. */
  notReported: number;
  failedByReason: Record<string, number>;
  /** Every play log's played time, loops included. */
  airtimeMs: number;
}

export interface CoverageGroup {
  key: string;
  name: string;
  /** Kind of unit: a region code or a device id. */
  kind: 'region' | 'device';
}

export interface CoverageRow {
  key: string;
  name: string;
  kind: 'region' | 'device';
  devices: number;
  planned: number;
  aired: number;
  /** aired / planned as a fraction 0..1; null when nothing was planned. */
  completion: number | null;
  airtimeSeconds: number;
  interrupted: number;
  failed: number;
  failedByReason: Record<string, number>;
  notReported: number;
  /** Mean online share of the row's devices over the period, 0..1; null when none has a figure. */
  onlineShare: number | null;
  /** Completion below the threshold (rows with nothing planned are never flagged). */
  flagged: boolean;
}

export type CoverageTotals = Omit<CoverageRow, 'key' | 'name' | 'kind' | 'flagged'> & { flagged: boolean };

export interface CoverageInput {
  groups: readonly CoverageGroup[];
  /** Which group a cell belongs to (null: outside the report, e.g. another region). */
  groupOf: (cell: Pick<CoverageCell, 'regionCode' | 'deviceId'>) => string | null;
  cells: readonly CoverageCell[];
  /** Online share per device over the period (null: no part of the period has passed). */
  onlineShare: ReadonlyMap<string, number | null>;
  threshold: number;
}

interface Acc {
  devices: Set<string>;
  planned: number;
  aired: number;
  interrupted: number;
  failed: number;
  notReported: number;
  airtimeMs: number;
  failedByReason: Record<string, number>;
}

const empty = (): Acc => ({ devices: new Set(), planned: 0, aired: 0, interrupted: 0, failed: 0, notReported: 0, airtimeMs: 0, failedByReason: {} });

function add(acc: Acc, c: CoverageCell): void {
  acc.devices.add(c.deviceId);
  acc.planned += c.planned;
  acc.aired += c.completed;
  acc.interrupted += c.interrupted;
  acc.failed += c.failed;
  acc.notReported += c.notReported;
  acc.airtimeMs += c.airtimeMs;
  for (const [reason, n] of Object.entries(c.failedByReason)) acc.failedByReason[reason] = (acc.failedByReason[reason] ?? 0) + n;
}

function finish(acc: Acc, shares: ReadonlyMap<string, number | null>, threshold: number) {
  const known = [...acc.devices].map((d) => shares.get(d)).filter((s): s is number => typeof s === 'number');
  const completion = acc.planned > 0 ? acc.aired / acc.planned : null;
  return {
    devices: acc.devices.size,
    planned: acc.planned,
    aired: acc.aired,
    completion,
    airtimeSeconds: Math.round(acc.airtimeMs / 1000),
    interrupted: acc.interrupted,
    failed: acc.failed,
    failedByReason: acc.failedByReason,
    notReported: acc.notReported,
    onlineShare: known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : null,
    flagged: completion !== null && completion < threshold,
  };
}

export function buildCoverage(input: CoverageInput): { rows: CoverageRow[]; totals: CoverageTotals } {
  const accs = new Map(input.groups.map((g) => [g.key, empty()]));
  const total = empty();
  for (const cell of input.cells) {
    const key = input.groupOf(cell);
    const acc = key === null ? undefined : accs.get(key);
    if (!acc) continue;
    add(acc, cell);
    add(total, cell);
  }
  const rows = input.groups.map((g) => ({ key: g.key, name: g.name, kind: g.kind, ...finish(accs.get(g.key)!, input.onlineShare, input.threshold) }));
  return { rows, totals: finish(total, input.onlineShare, input.threshold) };
}
