import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditAction } from './audit-entry.entity';

export const AUDIT_META = 'sunshine:audit';

export interface AuditMeta {
  action: AuditAction;
  targetType: string;
  /** A call that changes nothing (a dry run) is left out. */
  skip?: (req: Request) => boolean;
}

/** A successful call of this route is written to the audit log (who, when, from where, what). */
export const Audited = (action: AuditAction, targetType: string, options: Pick<AuditMeta, 'skip'> = {}) =>
  SetMetadata(AUDIT_META, { action, targetType, ...options } satisfies AuditMeta);

/** For routes with a `dryRun` query flag: only the real run is audited. */
export const isDryRun = (req: Request): boolean => ['true', '1'].includes(String((req.query as Record<string, unknown>)?.dryRun));

/** The caller's address as the socket sees it ("::ffff:" stripped from IPv4-mapped addresses). */
export function clientIpOf(req: Pick<Request, 'ip' | 'socket'>): string | null {
  const raw = req.ip ?? req.socket?.remoteAddress ?? null;
  return raw ? raw.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') : null;
}

export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => clientIpOf(ctx.switchToHttp().getRequest<Request>()));
