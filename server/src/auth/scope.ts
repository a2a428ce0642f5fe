import { isDivisionCode, isWithin, levelOf } from '@sunshine/devices';

/**
 * Region scope of a user: null means the whole county; otherwise a division code the user may act on together
 * with everything below it. Pure: every check the API makes reduces to these.
 */
export type Scope = string | null;

/** True when `code` (and so everything below it) lies inside the scope. */
export function inScope(scope: Scope, code: string): boolean {
  if (scope === null) return true;
  return isDivisionCode(code) && isDivisionCode(scope) && isWithin(code, scope);
}

/** True when the two areas share ground: `code` inside the scope, or the scope inside `code` (a county alert). */
export function overlapsScope(scope: Scope, code: string): boolean {
  if (scope === null) return true;
  return inScope(scope, code) || (isDivisionCode(code) && isDivisionCode(scope) && isWithin(scope, code));
}

/** The region codes of a request that reach outside the scope. */
export function regionCodesOutside(scope: Scope, codes: readonly string[]): string[] {
  return codes.filter((c) => !inScope(scope, c));
}

/** The devices (as resolved from a request's targets) that lie outside the scope. */
export function devicesOutside<T extends { id: string; regionCode: string }>(scope: Scope, devices: readonly T[]): T[] {
  return devices.filter((d) => !inScope(scope, d.regionCode));
}

const PREFIX_LENGTH = { province: 2, city: 4, county: 6, town: 9, village: 12 } as const;

/** Every code inside the scope starts with this prefix (for a LIKE filter); null: no filter. */
export function scopePrefix(scope: Scope): string | null {
  if (scope === null) return null;
  return scope.slice(0, PREFIX_LENGTH[levelOf(scope)]);
}
