import { BeforeApplicationShutdown, CanActivate, ExecutionContext, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, ErrorCode } from './app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether the server has begun to stop. Nest's shutdown runs every module's onModuleDestroy (the MQTT bus, the
 * render queue, the database…) before beforeApplicationShutdown and only then closes the HTTP server: requests
 * keep arriving while those close, and would fail half-way as 500s (an alert that went out, answered as failed,
 * is sent twice by a duty officer). Provided by the root module, whose hooks Nest calls first, so it is set before
 * any other module starts closing.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy, BeforeApplicationShutdown {
  private began = false;

  get closing(): boolean {
    return this.began;
  }

  begin(): void {
    this.began = true;
  }

  onModuleDestroy(): void {
    this.begin();
  }

  beforeApplicationShutdown(): void {
    this.begin();
  }
}

/** Nothing was done: the request was refused before its handler ran. */
export function refusedWhileClosing(): AppError {
  return new AppError(ErrorCode.ShuttingDown, 503, '服务器正在停止或重启，本次操作未执行：请在服务恢复后重试');
}

/** A request whose handler failed after shutdown began: part of it may have been done, so it says to check first. */
export function failedWhileClosing(): AppError {
  return new AppError(ErrorCode.ShuttingDown, 503, '服务器正在停止或重启，本次操作可能未完成：请在服务恢复后先查看结果，再决定是否重试');
}

/** Once shutdown has begun, every mutating request is answered 503 before it does anything. Reads still run. */
@Injectable()
export class ShutdownGuard implements CanActivate {
  constructor(private readonly shutdown: ShutdownState) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http' || !this.shutdown.closing) return true;
    if (SAFE_METHODS.has(ctx.switchToHttp().getRequest<Request>().method)) return true;
    throw refusedWhileClosing();
  }
}
