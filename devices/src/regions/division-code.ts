/**
 * 12-digit statistical division codes (统计用区划代码): province 2, city 2, county 2, town 3, village 3 digits;
 * the unused lower segments are zero. Some prefecture-level cities have no counties (东莞 441900: towns such as
 * 441900003000 sit directly under the city), so a skipped level is valid and the parent is the next level up.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

/** [start, end) digit positions of each level's segment. */
const SEGMENT: Record<RegionLevel, readonly [number, number]> = {
  province: [0, 2],
  city: [2, 4],
  county: [4, 6],
  town: [6, 9],
  village: [9, 12],
};
const MOST_SPECIFIC_FIRST: readonly RegionLevel[] = ['village', 'town', 'county', 'city', 'province'];

const TWELVE_DIGITS = /^\d{12}$/;

function isZero(code: string, level: RegionLevel): boolean {
  const [start, end] = SEGMENT[level];
  return /^0+$/.test(code.slice(start, end));
}

export function isDivisionCode(s: unknown): s is string {
  if (typeof s !== 'string' || !TWELVE_DIGITS.test(s) || isZero(s, 'province')) return false;
  // A village needs a town, and anything below the province needs a city.
  if (!isZero(s, 'village') && isZero(s, 'town')) return false;
  return !isZero(s, 'city') || (isZero(s, 'county') && isZero(s, 'town'));
}

/** Throws on an invalid code. */
export function levelOf(code: string): RegionLevel {
  requireCode(code);
  return MOST_SPECIFIC_FIRST.find((level) => !isZero(code, level)) ?? 'province';
}

/** The enclosing division, or null for a province. Throws on an invalid code. */
export function parentOf(code: string): string | null {
  const level = levelOf(code);
  if (level === 'province') return null;
  const start = SEGMENT[level][0];
  return code.slice(0, start) + '0'.repeat(12 - start);
}

/** [code, parent, …, province], most specific first: the alert topics a device subscribes to. */
export function regionChain(code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = code; c !== null; c = parentOf(c)) chain.push(c);
  return chain;
}

/** Enclosing divisions, nearest first, excluding the code itself. */
export function ancestorsOf(code: string): string[] {
  return regionChain(code).slice(1);
}

/** True when `code` is `ancestor` itself or lies inside it. Throws on an invalid code. */
export function isWithin(code: string, ancestor: string): boolean {
  return regionChain(code).includes(requireCode(ancestor));
}

function requireCode(code: string): string {
  if (!isDivisionCode(code)) throw new Error(`无效的区划代码：${code}（应为 12 位统计用区划代码）`);
  return code;
}
