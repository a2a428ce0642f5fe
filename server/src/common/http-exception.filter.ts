import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, ErrorCode } from './app-error';
import { failedWhileClosing } from './shutdown';

interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** Maps every error to `{ code, message }` with a Chinese message; unknown errors never leak internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** `shutdown.closing`: an unexpected failure once the server has begun to stop is its stopping, not a bug (503). */
  constructor(private readonly shutdown?: { readonly closing: boolean }) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let [status, body] = this.toBody(exception);
    if (status === 500 && this.shutdown?.closing) {
      this.logger.warn(`停止过程中请求失败: ${(exception as Error)?.message ?? String(exception)}`);
      [status, body] = this.toBody(failedWhileClosing());
    }
    if (status >= 500) this.logger.error(`请求处理失败: ${(exception as Error)?.stack ?? String(exception)}`);
    res.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof AppError) {
      const body: ErrorBody = { code: exception.code, message: exception.message };
      if (exception.details !== undefined) body.details = exception.details;
      return [exception.status, body];
    }
    // body-parser errors (malformed JSON, oversized body) arrive as plain errors with a `type`.
    const parserType = (exception as { type?: string })?.type;
    if (parserType === 'entity.parse.failed') {
      return [400, { code: ErrorCode.MalformedJson, message: '请求体不是合法的 JSON' }];
    }
    if (parserType === 'entity.too.large') {
      return [413, { code: ErrorCode.PayloadTooLarge, message: '请求体过大' }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a plain 400 whose message names JSON; our own 400s are AppErrors.
      if (status === 400 && /JSON/.test(JSON.stringify(exception.getResponse()))) {
        return [400, { code: ErrorCode.MalformedJson, message: '请求体不是合法的 JSON' }];
      }
      return [status, { code: codeForStatus(status), message: messageForStatus(status) }];
    }
    return [500, { code: ErrorCode.Internal, message: '服务器内部错误，请联系运维人员' }];
  }
}

function codeForStatus(status: number): string {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return ErrorCode.NotFound;
    case HttpStatus.UNAUTHORIZED:
      return ErrorCode.Unauthenticated;
    case HttpStatus.FORBIDDEN:
      return ErrorCode.Forbidden;
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return ErrorCode.PayloadTooLarge;
    default:
      return status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed;
  }
}

function messageForStatus(status: number): string {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return '请求的资源不存在';
    case HttpStatus.UNAUTHORIZED:
      return '未登录或登录已过期';
    case HttpStatus.FORBIDDEN:
      return '没有执行此操作的权限';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return '请求体过大';
    default:
      return status >= 500 ? '服务器内部错误，请联系运维人员' : '请求不合法';
  }
}
