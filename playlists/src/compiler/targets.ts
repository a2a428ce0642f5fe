/** Which devices a schedule reaches (DESIGN.md §5): any listed id, region (with descendants), kind or tag. */
export interface ScheduleTargets {
  deviceIds?: string[];
  regionCodes?: string[];
  kinds?: string[];
  tags?: string[];
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
  return (
    listed(targets.deviceIds, [device.id]) ||
    listed(targets.regionCodes, device.regionCodes) ||
    listed(targets.kinds, [device.kind]) ||
    listed(targets.tags, device.tags ?? [])
  );
}
