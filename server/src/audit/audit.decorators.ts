import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditAction } from './audit-entry.entity';

export const AUDIT_META = 'sunshine:audit';

export interface AuditMeta {
  action: AuditAction;
  targetType: string;
}

/** A successful call of this route is written to the audit log (who, when, from where, what). */
export const Audited = (action: AuditAction, targetType: string) => SetMetadata(AUDIT_META, { action, targetType } satisfies AuditMeta);

/** The caller's address as the socket sees it ("::ffff:" stripped from IPv4-mapped addresses). */
export function clientIpOf(req: Pick<Request, 'ip' | 'socket'>): string | null {
  const raw = req.ip ?? req.socket?.remoteAddress ?? null;
  return raw ? raw.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') : null;
}

export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => clientIpOf(ctx.switchToHttp().getRequest<Request>()));
