import { ALERT_LEVELS, MAX_ALERT_REPEAT, type AlertPayload, type MediaRef, type SignedPayloadBase } from '@sunshine/playlists/device';

export type AlertCheck = { ok: true; value: AlertPayload } | { ok: false; errors: string[] };

const SHA256 = /^[0-9a-f]{64}$/;

/** Shape check of a verified alert payload: the signature says who sent it, not that the fields are usable. */
export function checkAlertPayload(payload: SignedPayloadBase): AlertCheck {
  const p = payload as Partial<AlertPayload>;
  const errors: string[] = [];
  if (p.kind !== 'alert') errors.push('kind 必须是 alert');
  if (typeof p.alertId !== 'string' || p.alertId === '') errors.push('缺少 alertId');
  if (p.status !== 'active' && p.status !== 'cancelled') errors.push('status 必须是 active 或 cancelled');
  if (!ALERT_LEVELS.includes(p.level as AlertPayload['level'])) errors.push('level 必须是 1–4');
  if (typeof p.title !== 'string' || typeof p.text !== 'string') errors.push('缺少 title 或 text');
  if (!Number.isInteger(p.repeat) || (p.repeat as number) < 1 || (p.repeat as number) > MAX_ALERT_REPEAT) errors.push(`repeat 必须是 1–${MAX_ALERT_REPEAT} 的整数`);
  if (typeof p.volume !== 'number' || p.volume < 0 || p.volume > 100) errors.push('volume 必须是 0–100');
  if (!Array.isArray(p.regionCodes) || !p.regionCodes.every((c) => typeof c === 'string')) errors.push('regionCodes 必须是字符串数组');
  if (typeof p.media !== 'object' || p.media === null) errors.push('缺少 media');
  else {
    if (!isMediaRef(p.media.tone)) errors.push('media.tone 不是有效的媒体引用');
    if (p.media.speech !== null && !isMediaRef(p.media.speech)) errors.push('media.speech 不是有效的媒体引用');
  }
  return errors.length === 0 ? { ok: true, value: p as AlertPayload } : { ok: false, errors };
}

export function isMediaRef(x: unknown): x is MediaRef {
  const m = x as Partial<MediaRef> | null;
  return (
    typeof m === 'object' && m !== null &&
    typeof m.url === 'string' && typeof m.sha256 === 'string' && SHA256.test(m.sha256) &&
    Number.isInteger(m.size) && (m.size as number) >= 0 &&
    typeof m.durationMs === 'number' && m.durationMs >= 0 && typeof m.mime === 'string'
  );
}
