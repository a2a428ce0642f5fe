import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of the broker's shared secret. Both sides are hashed first so the buffers have equal
 * length whatever was sent: neither the secret's content nor its length leaks through timing.
 */
export function secretMatches(given: string | undefined, expected: string): boolean {
  const a = createHash('sha256').update(given ?? '', 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  // An absent header must fail even against an (impossible) empty expected secret.
  return timingSafeEqual(a, b) && given !== undefined && expected !== '';
}
