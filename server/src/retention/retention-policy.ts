import type { RetentionConfig } from '../config/app-config';

const DAY_MS = 24 * 3600 * 1000;

/** Rows older than these instants go; the newest that stays is exactly `days` old. */
export interface RetentionCutoffs {
  playLogs: Date;
  renderJobs: Date;
  alertDeliveries: Date;
  audit: Date;
}

export function retentionCutoffs(nowMs: number, c: RetentionConfig): RetentionCutoffs {
  const before = (days: number): Date => new Date(nowMs - days * DAY_MS);
  return { playLogs: before(c.playLogDays), renderJobs: before(c.renderJobDays), alertDeliveries: before(c.alertDeliveryDays), audit: before(c.auditDays) };
}

/** A content-addressed file name in the media store (`<sha256>.<ext>`); anything else there is not ours to delete. */
const STORED_FILE = /^([0-9a-f]{64})\.([a-z0-9]{1,8})$/;

export function storedSha256(fileName: string): string | null {
  return STORED_FILE.exec(fileName)?.[1] ?? null;
}

/** Every sha256 a JSON document mentions as `"sha256": "…"` (playlist envelopes, alert media): more is safer. */
export function sha256sIn(json: unknown): string[] {
  const text = typeof json === 'string' ? json : JSON.stringify(json ?? null);
  return [...text.matchAll(/"sha256"\s*:\s*"([0-9a-f]{64})"/g)].map((m) => m[1]);
}

/** file name → when the collector first saw it unreferenced (ms). Kept between runs. */
export type UnreferencedSince = Record<string, number>;

export interface MediaGcPlan {
  /** Unreferenced for at least the grace period: delete. */
  remove: string[];
  /** What to remember for the next run: files still unreferenced but within the grace period. */
  next: UnreferencedSince;
}

/**
 * Which stored files to delete. A file is deleted only after the collector has seen it unreferenced for the
 * whole grace period, counted from the first run that saw it so: a file just written by a render still in
 * flight (no rendition row yet) or one a playlist stopped using yesterday is kept. A file referenced again is
 * forgotten, so its clock starts over.
 */
export function planMediaGc(files: string[], referenced: ReadonlySet<string>, previous: UnreferencedSince, nowMs: number, graceDays: number): MediaGcPlan {
  const remove: string[] = [];
  const next: UnreferencedSince = {};
  for (const name of files) {
    const sha = storedSha256(name);
    if (sha === null || referenced.has(sha)) continue;
    const since = previous[name] ?? nowMs;
    if (nowMs - since >= graceDays * DAY_MS) remove.push(name);
    else next[name] = since;
  }
  return { remove, next };
}
