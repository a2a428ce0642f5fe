export const LEVEL_NAMES: Record<string, string> = { province: '省', city: '市', county: '县（区）', town: '乡镇（街道）', village: '村（社区）' };

/** Devices below each region (a device counts for its own region and every region above it). */
export function devicesPerRegion(devices: readonly { regionChain: readonly string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of devices) for (const code of new Set(d.regionChain)) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts;
}
