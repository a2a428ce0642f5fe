import { ALERT_LEVELS, type AlertLevel } from '@sunshine/playlists';

export const ALERTS_CONFIG = Symbol('ALERTS_CONFIG');

export interface AlertsConfig {
  /** CAP alerts of these levels air at once; the others wait for a duty officer's confirmation. */
  capAutoAirLevels: ReadonlySet<AlertLevel>;
  /** Validity of an alert sent without an expiry. */
  defaultTtlMs: number;
}

export const MIN_ALERT_TTL_MS = 5_000;
export const MAX_ALERT_TTL_MS = 72 * 3600_000;

/** `CAP_AUTO_AIR_LEVELS` (default "1,2"; "none" = every CAP alert waits) and `ALERT_DEFAULT_TTL_MINUTES` (default 120). */
export function loadAlertsConfig(env: NodeJS.ProcessEnv = process.env): AlertsConfig {
  const levels = (env.CAP_AUTO_AIR_LEVELS ?? '1,2').trim();
  const parts = levels === '' || levels.toLowerCase() === 'none' ? [] : levels.split(/[,，\s]+/).filter((p) => p !== '');
  const capAutoAirLevels = new Set<AlertLevel>();
  for (const p of parts) {
    const n = Number(p) as AlertLevel;
    if (!ALERT_LEVELS.includes(n)) throw new Error(`配置错误：CAP_AUTO_AIR_LEVELS 只能是 1–4 的级别（用逗号分隔）或 none，当前为 "${levels}"`);
    capAutoAirLevels.add(n);
  }
  const minutes = Number(env.ALERT_DEFAULT_TTL_MINUTES ?? 120);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes * 60_000 > MAX_ALERT_TTL_MS) {
    throw new Error(`配置错误：ALERT_DEFAULT_TTL_MINUTES 必须在 1–${MAX_ALERT_TTL_MS / 60_000} 分钟之间，当前为 "${env.ALERT_DEFAULT_TTL_MINUTES}"`);
  }
  return { capAutoAirLevels, defaultTtlMs: Math.round(minutes * 60_000) };
}
