import { isDivisionCode, isWithin } from '@sunshine/devices';
import type { CapArea } from './cap-types';

export interface RegionRef {
  code: string;
  name: string;
}

export interface AreaTargets {
  /** Known region codes, in document order, without duplicates. */
  regionCodes: string[];
  /** Division codes not in our tree; areaDesc parts that named no region (the whole areaDesc when none did). */
  unmatchedAreas: string[];
}

/** How Chinese area lists are written: "栖凤区青石镇、白鹤镇", "紫云镇，金竹镇", "青石镇 白鹤镇". */
const AREA_SEPARATORS = /[、，,；;\s]+/;

/**
 * Resolves CAP areas to our regions. Per area, geocodes carrying division codes win; only when none of them is
 * known do we fall back to reading region names out of areaDesc.
 */
export function matchCapAreas(areas: CapArea[], regions: RegionRef[]): AreaTargets {
  const known = new Set(regions.map((r) => r.code));
  const codes = new Set<string>();
  const unmatched = new Set<string>();
  for (const area of areas) {
    const geocoded = area.geocodes.map((g) => divisionCodeOf(g.value)).filter((c): c is string => c !== null);
    const found = geocoded.filter((c) => known.has(c));
    const matched =
      found.length > 0
        ? { codes: found, unmatched: geocoded.filter((c) => !known.has(c)) }
        : matchAreaDesc(area.areaDesc, regions);
    matched.codes.forEach((c) => codes.add(c));
    matched.unmatched.forEach((u) => unmatched.add(u));
  }
  return { regionCodes: [...codes], unmatchedAreas: [...unmatched] };
}

/** A 12-digit statistical code as is, or a 6-digit county code (GB/T 2260) padded to 12. */
function divisionCodeOf(value: string): string | null {
  if (/^\d{12}$/.test(value)) return value;
  if (/^\d{6}$/.test(value)) return `${value}000000`;
  return null;
}

function matchAreaDesc(areaDesc: string, regions: RegionRef[]): { codes: string[]; unmatched: string[] } {
  const byName = new Map<string, RegionRef[]>();
  for (const r of regions) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const longestFirst = [...byName.keys()].filter((n) => n !== '').sort((a, b) => b.length - a.length);

  const tokens = areaDesc.split(AREA_SEPARATORS).filter((t) => t !== '');
  // Per token, one group of same-named regions per name found in it.
  const groupsPerToken = tokens.map((token) => namesIn(token, longestFirst).map((name) => byName.get(name) ?? []));
  const mentioned = groupsPerToken.flat(2);

  const codes: string[] = [];
  const unmatched: string[] = [];
  tokens.forEach((token, i) => {
    const groups = groupsPerToken[i];
    if (groups.length === 0) unmatched.push(token);
    for (const group of withoutQualifiers(groups)) codes.push(...disambiguate(group, mentioned).map((r) => r.code));
  });
  // When nothing matched, the description as written says more to an operator than its fragments.
  return { codes, unmatched: codes.length === 0 ? [areaDesc] : unmatched };
}

/** Region names in the token, in reading order; a longer name wins over a shorter one overlapping it. */
function namesIn(token: string, longestFirst: string[]): string[] {
  const taken: boolean[] = new Array<boolean>(token.length).fill(false);
  const hits: Array<{ name: string; at: number }> = [];
  for (const name of longestFirst) {
    for (let at = token.indexOf(name); at !== -1; at = token.indexOf(name, at + 1)) {
      if (taken.slice(at, at + name.length).some(Boolean)) continue;
      taken.fill(true, at, at + name.length);
      hits.push({ name, at });
    }
  }
  return [...new Set(hits.sort((a, b) => a.at - b.at).map((h) => h.name))];
}

/** In "栖凤区青石镇" the district only says where 青石镇 is: it is not a target of its own. */
function withoutQualifiers(groups: RegionRef[][]): RegionRef[][] {
  return groups.filter(
    (group, i) => !group.every((q) => groups.some((other, j) => j !== i && other.some((r) => strictlyContains(q.code, r.code)))),
  );
}

/** Two villages may share a name; a larger region named anywhere in areaDesc says which one is meant. */
function disambiguate(group: RegionRef[], mentioned: RegionRef[]): RegionRef[] {
  if (group.length < 2) return group;
  const qualified = group.filter((r) => mentioned.some((m) => strictlyContains(m.code, r.code)));
  return qualified.length > 0 ? qualified : group;
}

function strictlyContains(outer: string, inner: string): boolean {
  return outer !== inner && isDivisionCode(outer) && isDivisionCode(inner) && isWithin(inner, outer);
}
