import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../database/unique-violation';
import { RegionsService } from '../regions/regions.service';
import { ALERTS_CONFIG, AlertsConfig, MAX_ALERT_TTL_MS, MIN_ALERT_TTL_MS } from './alerts-config';
import { AlertActor, AlertMode, AlertsService, AlertView } from './alerts.service';
import { mapCapToAlert, parseCap, type CapAlert, type CapMapResult, type CapParseErrorCode } from './cap';

export interface CapIngestResult {
  /** What the message did. */
  outcome: 'aired' | 'pending-confirmation' | 'exercise' | 'cancelled' | 'ignored' | 'duplicate';
  /** For the sending system's log and the duty officer, in Chinese. */
  message: string;
  alert: AlertView | null;
  /** Alerts this message cancelled (Cancel) or will replace when it airs (Update). */
  referenced: string[];
}

type CapErrorCode = CapParseErrorCode | Extract<CapMapResult, { ok: false }>['code'];
const ERROR_CODES: Record<CapErrorCode, ErrorCode> = {
  CAP_MALFORMED: ErrorCode.CapMalformed,
  CAP_MISSING_ELEMENT: ErrorCode.CapMissingElement,
  CAP_INVALID_VALUE: ErrorCode.CapInvalidValue,
  CAP_FORBIDDEN_DTD: ErrorCode.CapForbiddenDtd,
  CAP_TOO_LARGE: ErrorCode.CapTooLarge,
  CAP_NO_TARGET: ErrorCode.CapNoTarget,
  CAP_NO_TEXT: ErrorCode.CapNoText,
};

/**
 * CAP 1.2 in: parse (no DTDs, so no entity expansion), map to our alert, then air, hold for a duty officer
 * (per level, CAP_AUTO_AIR_LEVELS), store an exercise, cancel or replace earlier alerts (found by sender + identifier).
 */
@Injectable()
export class CapIngestService {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly alerts: AlertsService,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
  ) {}

  async ingest(xml: string, user: AuthUser): Promise<CapIngestResult> {
    const parsed = parseCap(xml);
    if (!parsed.ok) throw AppError.badRequest(ERROR_CODES[parsed.code], parsed.message, parsed.element ? { element: parsed.element } : undefined);
    const cap = parsed.alert;
    const regions = (await this.regions.list()).map((r) => ({ code: r.code, name: r.name }));
    const mapped = mapCapToAlert(cap, { regions });
    if (!mapped.ok) throw AppError.badRequest(ERROR_CODES[mapped.code], mapped.message);
    const m = mapped.value;
    const actor: AlertActor = { user, source: 'cap', capSender: cap.sender };
    const id = `CAP 预警 ${cap.identifier}（${cap.sender}）`;

    if (m.action === 'ignore') {
      return { outcome: 'ignored', message: `${id} 的 status 为 ${cap.status}、msgType 为 ${cap.msgType}，无需播出，未保存`, alert: null, referenced: [] };
    }
    const duplicate = async (): Promise<CapIngestResult | null> => {
      const [existing] = await this.alerts.findByCap(cap.sender, cap.identifier);
      return existing ? { outcome: 'duplicate', message: `${id} 已经接收过，未重复处理`, alert: await this.alerts.get(existing.id), referenced: [] } : null;
    };
    const seen = await duplicate();
    if (seen) return seen;

    const referenced = await this.referencedAlerts(cap);
    const live = referenced.filter((a) => a.status === 'active' || a.status === 'pending-confirmation' || a.status === 'exercise');
    if (m.action === 'cancel') {
      for (const a of live) await this.alerts.cancel(a.id, actor, `${id} 撤销`);
      const message = live.length > 0 ? `${id} 已撤销 ${live.length} 条预警` : `${id} 引用的预警不存在或已结束，无需撤销`;
      this.logger.log(message);
      return { outcome: 'cancelled', message, alert: null, referenced: live.map((a) => a.id) };
    }

    const mode: AlertMode = m.exercise ? 'exercise' : this.config.capAutoAirLevels.has(m.level) ? 'air' : 'hold';
    const now = this.clock.nowMs();
    const expires = m.expiresAt ? Date.parse(m.expiresAt) : now + this.config.defaultTtlMs;
    if (mode !== 'exercise' && expires < now + MIN_ALERT_TTL_MS) {
      throw AppError.badRequest(ErrorCode.CapExpired, `${id} 已于 ${m.expiresAt} 过期，不再播出`);
    }
    const supersedes = m.action === 'update' ? live.map((a) => a.id) : [];
    let alert: AlertView;
    try {
      alert = await this.alerts.create(
        {
          text: m.text,
          title: m.title,
          regionCodes: m.regionCodes,
          level: m.level,
          // A feed may set a far expiry; airing validity is capped like any other alert.
          expiresAt: new Date(Math.max(now + MIN_ALERT_TTL_MS, Math.min(expires, now + MAX_ALERT_TTL_MS))).toISOString(),
          cap: m.source,
          supersedes,
        },
        actor,
        mode,
      );
    } catch (err) {
      // The same message delivered twice at once: the unique (sender, identifier) index let one through.
      const raced = isUniqueViolation(err) ? await duplicate() : null;
      if (raced) return raced;
      throw err;
    }
    const unmatched = m.unmatchedAreas.length > 0 ? `；未匹配的区域：${m.unmatchedAreas.join('、')}` : '';
    const replaces = supersedes.length > 0 ? `，播出时取代 ${supersedes.length} 条旧预警` : '';
    const outcome = mode === 'air' ? 'aired' : mode === 'hold' ? 'pending-confirmation' : 'exercise';
    const what = { aired: '已播出', 'pending-confirmation': `为 ${m.level} 级，等待值班员确认后播出`, exercise: '为演练/测试，已保存，不在设备上播出' }[outcome];
    const message = `${id} ${what}${replaces}${unmatched}`;
    this.logger.log(message);
    return { outcome, message, alert, referenced: supersedes };
  }

  /** <references> name earlier messages by sender + identifier (+ sent, which we do not need to match). */
  private async referencedAlerts(cap: CapAlert) {
    const found = await Promise.all(cap.references.map((r) => this.alerts.findByCap(r.sender, r.identifier)));
    return found.flat();
  }
}
