import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock';
import { AppError, ErrorCode } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretsService } from '../config/secrets.service';
import { secretMatches } from './broker-secret';
import { RateLimiter } from './rate-limiter';

export const BROKER_SECRET_HEADER = 'x-sunshine-broker-secret';

/** Wrong secrets are guesses: a few per minute per address is plenty for a misconfigured broker to show up in logs. */
const BAD_SECRET_LIMIT = { perSecond: 1 / 6, burst: 10 };

/**
 * Guards the external broker's auth/ACL hooks: a per-address rate limit (429), then the shared secret compared in
 * constant time (403). The secret is MQTT_AUTH_SECRET, or one generated once under DATA_DIR/secrets/mqtt-auth.secret.
 */
@Injectable()
export class BrokerHookGuard implements CanActivate {
  private readonly logger = new Logger('MqttHooks');
  private readonly badSecrets = new RateLimiter(BAD_SECRET_LIMIT);
  private state: { requests: RateLimiter; secret: string } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clock: Clock,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    // Set up on first use: constructing the guard (also for the OpenAPI document) creates no secret file.
    this.state ??= {
      requests: new RateLimiter({ perSecond: this.config.mqttHookRatePerSecond, burst: Math.max(1, Math.ceil(this.config.mqttHookRatePerSecond * 2)) }),
      secret: this.config.mqttAuthSecret ?? this.secrets.get('mqtt-auth'),
    };
    const { requests, secret } = this.state;
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request>();
    const address = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
    const now = this.clock.nowMs();
    const decision = requests.take(address, now);
    if (!decision.allowed) this.refuse(http.getResponse<Response>(), decision.retryAfterMs);
    const given = req.headers[BROKER_SECRET_HEADER];
    if (secretMatches(typeof given === 'string' ? given : undefined, secret)) return true;
    const guess = this.badSecrets.take(address, now);
    if (!guess.allowed) this.refuse(http.getResponse<Response>(), guess.retryAfterMs);
    this.logger.warn(`拒绝来自 ${address} 的消息服务器鉴权请求：鉴权密钥错误或缺失（请求头 ${BROKER_SECRET_HEADER}）`);
    throw AppError.forbidden(`消息服务器鉴权密钥错误或缺失（请求头 ${BROKER_SECRET_HEADER}）`);
  }

  private refuse(res: Response, retryAfterMs: number): never {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    throw new AppError(ErrorCode.RateLimited, 429, '消息服务器鉴权请求过于频繁，请稍后再试', { retryAfterMs });
  }
}
