import { MAX_DEVICE_MESSAGE_BYTES, type DeviceMessageProblem, type DeviceMessageProblemCode } from '../devices/device-message-problem';
import { RateLimiter, type RateLimit } from '../mqtt/rate-limiter';

export { MAX_DEVICE_MESSAGE_BYTES };
export type { DeviceMessageProblem, DeviceMessageProblemCode };

/**
 * A real agent sends a state a minute and an events batch per airing; after days offline it flushes its journal
 * in batches of 200 (120 batches = 24,000 play logs at once). Dropped batches are not lost: the agent resends
 * play logs that were not acknowledged.
 */
export const DEVICE_MESSAGE_RATE: RateLimit = { perSecond: 10, burst: 120 };
/** A misbehaving device is logged and recorded at most this often (a flood must not become a log or write flood). */
export const REPORT_EVERY_MS = 10_000;

interface Pending {
  code: DeviceMessageProblemCode;
  message: string;
  dropped: number;
  lastReportMs: number | null;
}

/**
 * Per-device admission (token bucket, size cap) and throttled problem reports. Pure: time is passed in. Keys are
 * device ids taken from topics the broker's ACL let the device publish to, so the maps stay bounded by the fleet.
 */
export class DeviceMessageGuard {
  private readonly limiter: RateLimiter;
  private readonly pending = new Map<string, Pending>();

  constructor(rate: RateLimit = DEVICE_MESSAGE_RATE, private readonly maxBytes = MAX_DEVICE_MESSAGE_BYTES, private readonly reportEveryMs = REPORT_EVERY_MS) {
    this.limiter = new RateLimiter(rate);
  }

  /** Null when the message may be read; otherwise why not (checked before any parsing). */
  admit(deviceId: string, bytes: number, nowMs: number): { code: DeviceMessageProblemCode; message: string } | null {
    if (!this.limiter.take(deviceId, nowMs).allowed) {
      return { code: 'RATE_LIMITED', message: `消息过于频繁（每台设备每秒至多 ${DEVICE_MESSAGE_RATE.perSecond} 条，瞬时至多 ${DEVICE_MESSAGE_RATE.burst} 条），超出部分已丢弃` };
    }
    if (bytes > this.maxBytes) return { code: 'MESSAGE_TOO_LARGE', message: `消息过大（${bytes} 字节，上限 ${this.maxBytes} 字节），已丢弃` };
    return null;
  }

  /**
   * Counts a dropped message; returns the problem to log and record now, or null while the device was reported
   * less than `reportEveryMs` ago (the count carries over to the next report).
   */
  note(deviceId: string, code: DeviceMessageProblemCode, message: string, nowMs: number): DeviceMessageProblem | null {
    const p = this.pending.get(deviceId) ?? { code, message, dropped: 0, lastReportMs: null };
    p.code = code;
    p.message = message;
    p.dropped++;
    this.pending.set(deviceId, p);
    if (p.lastReportMs !== null && nowMs - p.lastReportMs < this.reportEveryMs) return null;
    return this.take(deviceId, p, nowMs);
  }

  /** Reports held back by the throttle whose time has come (call periodically). */
  due(nowMs: number): Array<{ deviceId: string; problem: DeviceMessageProblem }> {
    const out: Array<{ deviceId: string; problem: DeviceMessageProblem }> = [];
    for (const [deviceId, p] of this.pending) {
      if (p.dropped === 0) {
        // Quiet for a whole period: forget the device, so its next problem is reported at once.
        if (p.lastReportMs === null || nowMs - p.lastReportMs >= this.reportEveryMs) this.pending.delete(deviceId);
        continue;
      }
      if (p.lastReportMs === null || nowMs - p.lastReportMs >= this.reportEveryMs) out.push({ deviceId, problem: this.take(deviceId, p, nowMs) });
    }
    return out;
  }

  private take(_deviceId: string, p: Pending, nowMs: number): DeviceMessageProblem {
    const problem: DeviceMessageProblem = { code: p.code, message: p.message, at: new Date(nowMs).toISOString(), dropped: p.dropped };
    p.dropped = 0;
    p.lastReportMs = nowMs;
    return problem;
  }
}
