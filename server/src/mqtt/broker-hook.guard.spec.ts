import type { ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { SecretsService } from '../config/secrets.service';
import { BrokerHookGuard } from './broker-hook.guard';

class FakeClock extends Clock {
  constructor(public ms = 0) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

function context(ip: string, secret?: string): { ctx: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const req = { ip, headers: secret === undefined ? {} : { 'x-sunshine-broker-secret': secret }, socket: {} };
  const res = { setHeader: (k: string, v: string) => (headers[k] = v) };
  const ctx = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ExecutionContext;
  return { ctx, headers };
}

function guard(clock: Clock, ratePerSecond = 1, configured: string | null = 'right'): BrokerHookGuard {
  const config = { mqttHookRatePerSecond: ratePerSecond, mqttAuthSecret: configured } as AppConfig;
  const secrets = { get: () => 'generated' } as unknown as SecretsService;
  return new BrokerHookGuard(config, secrets, clock);
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('BrokerHookGuard', () => {
  it('should let a request with the right secret through', () => {
    expect(guard(new FakeClock()).canActivate(context('10.0.0.1', 'right').ctx)).toBe(true);
  });

  it('should refuse a wrong or missing secret with 403', () => {
    const g = guard(new FakeClock(), 10);
    for (const secret of ['wrong', undefined]) {
      const err = errorOf(() => g.canActivate(context('10.0.0.1', secret).ctx));
      expect([err.status, err.code]).toEqual([403, ErrorCode.Forbidden]);
    }
  });

  it('should use the generated secret when MQTT_AUTH_SECRET is unset', () => {
    const g = guard(new FakeClock(), 10, null);
    expect(g.canActivate(context('10.0.0.1', 'generated').ctx)).toBe(true);
    expect(errorOf(() => g.canActivate(context('10.0.0.1', 'right').ctx)).status).toBe(403);
  });

  it('should answer 429 with a Chinese message and Retry-After once an address exceeds its burst, until time refills it', () => {
    const clock = new FakeClock();
    const g = guard(clock, 1); // burst 2
    expect(g.canActivate(context('10.0.0.1', 'right').ctx)).toBe(true);
    expect(g.canActivate(context('10.0.0.1', 'right').ctx)).toBe(true);
    const { ctx, headers } = context('10.0.0.1', 'right');
    const err = errorOf(() => g.canActivate(ctx));
    expect([err.status, err.code]).toEqual([429, ErrorCode.RateLimited]);
    expect(err.message).toMatch(/请求过于频繁/);
    expect(headers['Retry-After']).toBe('1');
    expect(g.canActivate(context('10.0.0.2', 'right').ctx)).toBe(true);
    clock.ms += 1_000;
    expect(g.canActivate(context('10.0.0.1', 'right').ctx)).toBe(true);
  });

  it('should limit wrong-secret guesses far below the request rate', () => {
    const g = guard(new FakeClock(), 1_000);
    const codes = Array.from({ length: 12 }, () => errorOf(() => g.canActivate(context('10.0.0.9', 'guess').ctx)).status);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});
