import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Device tokens are 256-bit random strings; only their sha256 is stored. */
export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function deviceTokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashDeviceToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
