import { ALERT_ACK_STATES, type AlertAck, type DeviceEventsBatch, type DeviceStatePayload, type PlayLogEntry } from '@sunshine/playlists';

/**
 * Device→server payloads are untrusted: parse, check shape, and keep only well-formed entries, so a broken or
 * hostile agent can never crash the server or store junk. Pure, unit-tested.
 */
export type Parsed<T> = { ok: true; value: T; dropped: number } | { ok: false; reason: string; wrongDevice?: true };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const SHA = /^[0-9a-f]{64}$/;
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_BATCH = 500;

function json(raw: Buffer | string): unknown {
  try {
    return JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const optStr = (x: unknown, max: number): boolean => x === null || x === undefined || str(x, max);

function isPlayLog(x: unknown, deviceId: string): x is PlayLogEntry {
  if (!isObj(x)) return false;
  return (
    str(x.id, 64) && ID.test(x.id) &&
    x.deviceId === deviceId &&
    optStr(x.slotId, 120) && optStr(x.scheduleId, 36) && optStr(x.revisionId, 36) &&
    str(x.contentId, 36) && x.contentId.length > 0 &&
    str(x.sha256, 64) && SHA.test(x.sha256) &&
    str(x.startedAt, 30) && ISO.test(x.startedAt) &&
    str(x.endedAt, 30) && ISO.test(x.endedAt) &&
    Number.isInteger(x.playedMs) && (x.playedMs as number) >= 0 && (x.playedMs as number) < 24 * 3600_000 &&
    (x.outcome === 'completed' || x.outcome === 'interrupted' || x.outcome === 'failed') &&
    optStr(x.reason, 200)
  );
}

function isAlertAck(x: unknown): x is AlertAck {
  if (!isObj(x)) return false;
  return (
    str(x.id, 64) && ID.test(x.id) &&
    str(x.alertId, 36) && ID.test(x.alertId) &&
    ALERT_ACK_STATES.includes(x.state as AlertAck['state']) &&
    str(x.at, 30) && ISO.test(x.at) &&
    optStr(x.reason, 200)
  );
}

export function parseEventsBatch(raw: Buffer | string, deviceId: string): Parsed<DeviceEventsBatch> {
  const x = json(raw);
  if (!isObj(x) || x.kind !== 'events') return { ok: false, reason: '不是合法的事件批次 JSON' };
  if (x.deviceId !== deviceId) return { ok: false, reason: '事件中的设备编号与主题不符', wrongDevice: true };
  const logs = Array.isArray(x.playLogs) ? x.playLogs.slice(0, MAX_BATCH) : [];
  const playLogs = logs.filter((l) => isPlayLog(l, deviceId));
  const errors = Array.isArray(x.errors) ? x.errors.slice(0, MAX_BATCH).filter((e) => isObj(e) && str(e.code, 64) && str(e.message, 500)) : [];
  const commandResults = Array.isArray(x.commandResults)
    ? x.commandResults.slice(0, MAX_BATCH).filter((r) => isObj(r) && str(r.commandId, 36) && typeof r.ok === 'boolean' && optStr(r.message, 300))
    : [];
  return {
    ok: true,
    value: {
      kind: 'events',
      deviceId,
      batchId: str(x.batchId, 64) ? x.batchId : '',
      sentAt: str(x.sentAt, 30) ? x.sentAt : '',
      playLogs,
      errors: errors as DeviceEventsBatch['errors'],
      commandResults: commandResults as DeviceEventsBatch['commandResults'],
      // Only when sent: batches of agents without alert support stay as they were.
      ...(Array.isArray(x.alertAcks) ? { alertAcks: x.alertAcks.slice(0, MAX_BATCH).filter(isAlertAck) } : {}),
    },
    dropped: logs.length - playLogs.length,
  };
}

export function parseDeviceState(raw: Buffer | string, deviceId: string): Parsed<DeviceStatePayload> {
  const x = json(raw);
  if (!isObj(x) || typeof x.online !== 'boolean') return { ok: false, reason: '不是合法的设备状态 JSON' };
  if (x.deviceId !== undefined && x.deviceId !== deviceId) return { ok: false, reason: '状态中的设备编号与主题不符', wrongDevice: true };
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const nowPlaying = isObj(x.nowPlaying) && str(x.nowPlaying.contentId, 36) ? (x.nowPlaying as unknown as DeviceStatePayload['nowPlaying']) : null;
  return {
    ok: true,
    value: {
      online: x.online,
      deviceId,
      at: str(x.at, 30) ? x.at : new Date(0).toISOString(),
      agentVersion: str(x.agentVersion, 32) ? x.agentVersion : undefined,
      nowPlaying,
      volume: Number.isInteger(x.volume) && (x.volume as number) >= 0 && (x.volume as number) <= 100 ? (x.volume as number) : undefined,
      cacheBytes: (num(x.cacheBytes) ?? -1) >= 0 ? num(x.cacheBytes) : undefined,
      clockOffsetMs: num(x.clockOffsetMs),
      playlistVersion: str(x.playlistVersion, 64) ? x.playlistVersion : null,
    },
    dropped: 0,
  };
}
