/**
 * Structural checks on a playlist payload, run by the agent after the signature verified: defence in depth
 * against a server bug or a leaked key steering the agent to fetch or play something unexpected.
 * Unknown extra fields are allowed so that a newer server can extend the payload.
 */
import { parseHhMm } from '../compiler/local-time';
import { PlaylistPayload, PRIORITY_RANK } from '../model/playlist';
import { parseIsoInstant } from './iso-instant';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const DIVISION_CODE = /^\d{12}$/;
/** Absolute http(s) URL or a path rooted at the agent's server; never file:, data: or protocol-relative. */
const MEDIA_URL = /^(https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/;

export function validatePlaylistPayload(x: unknown): ValidationResult<PlaylistPayload> {
  const errors: string[] = [];
  const check = checker(errors);
  const root = check.object(x, 'playlist');
  if (!root) return { ok: false, errors };

  if (root.kind !== 'playlist') errors.push('kind 必须是 "playlist"');
  check.text(root.deviceId, 'deviceId');
  check.text(root.timezone, 'timezone');
  check.pattern(root.version, 'version', SHA256_HEX, '64 位小写十六进制');
  check.array(root.regionCodes, 'regionCodes')?.forEach((code, i) => check.pattern(code, `regionCodes[${i}]`, DIVISION_CODE, '12 位区划代码'));
  const issuedAt = check.instant(root.issuedAt, 'issuedAt');
  const expiresAt = check.instant(root.expiresAt, 'expiresAt');
  if (issuedAt !== null && expiresAt !== null && expiresAt < issuedAt) errors.push('expiresAt 不得早于 issuedAt');
  check.integer(root.seq, 'seq', 0);

  const horizon = check.object(root.horizon, 'horizon');
  if (horizon) {
    const from = check.instant(horizon.from, 'horizon.from');
    const until = check.instant(horizon.until, 'horizon.until');
    if (from !== null && until !== null && until < from) errors.push('horizon.until 不得早于 horizon.from');
  }

  const slotIds = new Set<string>();
  check.array(root.items, 'items')?.forEach((raw, i) => {
    const path = `items[${i}]`;
    const item = check.object(raw, path);
    if (!item) return;
    for (const key of ['slotId', 'scheduleId', 'contentId', 'revisionId'] as const) check.text(item[key], `${path}.${key}`);
    check.string(item.title, `${path}.title`);
    if (typeof item.priority !== 'string' || !Object.hasOwn(PRIORITY_RANK, item.priority)) {
      errors.push(`${path}.priority 必须是 emergency、timed 或 loop`);
    }
    check.instant(item.startAt, `${path}.startAt`);
    check.integer(item.repeat, `${path}.repeat`, 1);
    check.media(item.media, `${path}.media`);
    if (typeof item.slotId === 'string') {
      if (slotIds.has(item.slotId)) errors.push(`${path}.slotId 重复：${item.slotId}`);
      slotIds.add(item.slotId);
    }
  });

  check.array(root.loop, 'loop')?.forEach((raw, i) => {
    const path = `loop[${i}]`;
    const item = check.object(raw, path);
    if (!item) return;
    for (const key of ['scheduleId', 'contentId', 'revisionId'] as const) check.text(item[key], `${path}.${key}`);
    check.string(item.title, `${path}.title`);
    check.media(item.media, `${path}.media`);
    // Optional window bounds: absent means unbounded (playlists of servers that predate them).
    const from = item.from === undefined ? null : check.instant(item.from, `${path}.from`);
    const until = item.until === undefined ? null : check.instant(item.until, `${path}.until`);
    if (from !== null && until !== null && until < from) errors.push(`${path}.until 不得早于 ${path}.from`);
  });

  check.array(root.quietHours, 'quietHours')?.forEach((raw, i) => {
    const range = check.object(raw, `quietHours[${i}]`);
    if (!range) return;
    for (const key of ['from', 'until'] as const) {
      if (typeof range[key] !== 'string' || parseHhMm(range[key]) === null) errors.push(`quietHours[${i}].${key} 必须是 HH:MM`);
    }
  });

  return errors.length === 0 ? { ok: true, value: root as unknown as PlaylistPayload } : { ok: false, errors };
}

function checker(errors: string[]) {
  const check = {
    object(x: unknown, path: string): Obj | null {
      if (typeof x === 'object' && x !== null && !Array.isArray(x)) return x as Obj;
      errors.push(`${path} 必须是对象`);
      return null;
    },
    array(x: unknown, path: string): unknown[] | null {
      if (Array.isArray(x)) return x;
      errors.push(`${path} 必须是数组`);
      return null;
    },
    string(x: unknown, path: string): void {
      if (typeof x !== 'string') errors.push(`${path} 必须是字符串`);
    },
    text(x: unknown, path: string): void {
      if (typeof x !== 'string' || x.length === 0) errors.push(`${path} 必须是非空字符串`);
    },
    pattern(x: unknown, path: string, re: RegExp, what: string): void {
      if (typeof x !== 'string' || !re.test(x)) errors.push(`${path} 必须是 ${what}`);
    },
    integer(x: unknown, path: string, min: number): void {
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) errors.push(`${path} 必须是不小于 ${min} 的整数`);
    },
    instant(x: unknown, path: string): number | null {
      const ms = parseIsoInstant(x);
      if (ms === null) errors.push(`${path} 必须是带时区的 ISO-8601 时间`);
      return ms;
    },
    media(x: unknown, path: string): void {
      const media = check.object(x, path);
      if (!media) return;
      check.pattern(media.url, `${path}.url`, MEDIA_URL, 'http(s) 地址或以 / 开头的路径');
      check.pattern(media.sha256, `${path}.sha256`, SHA256_HEX, '64 位小写十六进制');
      check.integer(media.size, `${path}.size`, 0);
      check.integer(media.durationMs, `${path}.durationMs`, 0);
      check.text(media.mime, `${path}.mime`);
    },
  };
  return check;
}
