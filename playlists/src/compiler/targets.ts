/** Which devices a schedule reaches (DESIGN.md §5): any listed id, region (with descendants), kind or tag. */
export interface ScheduleTargets {
  deviceIds?: string[];
  regionCodes?: string[];
  kinds?: string[];
  tags?: string[];
  /**
   * Region restriction (AND, unlike the lists above): when present, only devices inside one of these regions are
   * reached. A town account's schedules carry its town here, so a kind or tag can never reach a device that
   * appears later in another town.
   */
  within?: string[];
}

export interface TargetableDevice {
  id: string;
  kind: string;
  /** The device's region chain, most specific first: listing any ancestor code reaches the device. */
  regionCodes: string[];
  tags?: string[];
}

export function targetsDevice(targets: ScheduleTargets, device: TargetableDevice): boolean {
  const listed = (list: string[] | undefined, values: readonly string[]): boolean =>
    list !== undefined && values.some((v) => list.includes(v));
  if (targets.within && !listed(targets.within, device.regionCodes)) return false;
  return (
    listed(targets.deviceIds, [device.id]) ||
    listed(targets.regionCodes, device.regionCodes) ||
    listed(targets.kinds, [device.kind]) ||
    listed(targets.tags, device.tags ?? [])
  );
}

/**
 * Which of many schedules reach a device, by lookup rather than by scanning every schedule's lists: the same
 * answer as `targetsDevice` for each of them, for a whole fleet compiled against one schedule set.
 */
export class TargetIndex {
  private readonly byDeviceId = new Map<string, number[]>();
  private readonly byRegion = new Map<string, number[]>();
  private readonly byKind = new Map<string, number[]>();
  private readonly byTag = new Map<string, number[]>();
  /** Region restrictions by position; most schedules have none, so the common path pays nothing. */
  private readonly within = new Map<number, string[]>();
  private readonly seen: Int32Array;
  private stamp = 0;

  /** Indices returned by `matching` refer to positions in `targets`. */
  constructor(targets: readonly ScheduleTargets[]) {
    targets.forEach((t, i) => {
      index(this.byDeviceId, t.deviceIds, i);
      index(this.byRegion, t.regionCodes, i);
      index(this.byKind, t.kinds, i);
      index(this.byTag, t.tags, i);
      if (t.within) this.within.set(i, t.within);
    });
    this.seen = new Int32Array(targets.length);
  }

  /** Positions of the schedules that reach the device, ascending. */
  matching(device: TargetableDevice): number[] {
    // A fresh stamp per call marks positions already collected without clearing the array.
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const out: number[] = [];
    const collect = (list: number[] | undefined): void => {
      if (!list) return;
      for (const i of list) {
        if (this.seen[i] === stamp) continue;
        this.seen[i] = stamp;
        out.push(i);
      }
    };
    collect(this.byDeviceId.get(device.id));
    for (const code of device.regionCodes) collect(this.byRegion.get(code));
    collect(this.byKind.get(device.kind));
    for (const tag of device.tags ?? []) collect(this.byTag.get(tag));
    const inside = this.within.size === 0 ? out : out.filter((i) => this.within.get(i)?.some((code) => device.regionCodes.includes(code)) ?? true);
    return inside.sort((a, b) => a - b);
  }
}

function index(map: Map<string, number[]>, values: string[] | undefined, position: number): void {
  if (values === undefined) return;
  for (const v of values) {
    const list = map.get(v);
    if (!list) map.set(v, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  }
}
