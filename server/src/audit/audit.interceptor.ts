import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable, tap } from 'rxjs';
import type { AuthUser } from '../auth/auth.decorators';
import { AUDIT_META, AuditMeta, clientIpOf } from './audit.decorators';
import { AuditService } from './audit.service';

/** Writes routes marked @Audited() to the audit log once they succeeded, so controllers stay one line. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<AuditMeta | undefined>(AUDIT_META, ctx.getHandler());
    if (!meta || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (meta.skip?.(req)) return next.handle();
    return next.handle().pipe(
      tap((result) => {
        const targetId = targetIdOf(req.params as Record<string, string>, result);
        void this.audit.record({
          action: meta.action,
          actor: req.user ? { id: req.user.id, username: req.user.username } : null,
          ip: clientIpOf(req),
          target: targetId ? { type: meta.targetType, id: targetId } : null,
          details: { method: req.method, path: req.originalUrl.split('?')[0], body: (req.body as Record<string, unknown> | undefined) ?? null },
        });
      }),
    );
  }
}

/** The route's :id, else the id of what it returned (`{ device: { id } }` or `{ id }`). */
function targetIdOf(params: Record<string, string> | undefined, result: unknown): string | null {
  if (params?.id) return params.id;
  const r = result as { id?: unknown; device?: { id?: unknown } } | null;
  const id = r?.device?.id ?? r?.id;
  return typeof id === 'string' ? id : null;
}
