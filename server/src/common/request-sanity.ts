import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, ErrorCode } from './app-error';

/** No body this API takes nests deeper; past this, validation libraries recurse until the stack overflows. */
export const MAX_INPUT_DEPTH = 32;

/** A UTF-16 surrogate without its pair, or NUL. */
const BAD_CHARACTER = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;

/**
 * What is wrong with parsed input that no DTO can see, or null. Walks iteratively (a deep value must not overflow
 * this check either). Unpaired surrogates cannot be signed (RFC 8785 refuses them) and NUL is refused by
 * PostgreSQL text columns: both would fail deep inside a handler, as a 500, after parts were already stored.
 */
export function inputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): string | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD_CHARACTER.test(v)) return '请求包含无效字符（空字符或不成对的 UTF-16 代理项）';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return `请求数据嵌套过深（至多 ${maxDepth} 层）`;
      for (const [k, child] of Object.entries(v)) {
        if (BAD_CHARACTER.test(k)) return '请求包含无效字符（空字符或不成对的 UTF-16 代理项）';
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}

/** Content types whose bodies are read later than guards run (file uploads, read by an interceptor). */
const READ_AFTER_GUARDS = /^multipart\//i;

/**
 * Refuses, before any handler runs, input that would otherwise end in a 500: a body no parser took (a content
 * type the route does not accept would reach the handler as an empty object), and bodies, query strings or
 * path values too deep or with characters that cannot be stored or signed. Runs after every body parser.
 */
@Injectable()
export class RequestSanityGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const type = req.headers['content-type'] ?? '';
    // A parser that took the body has read the stream to its end; an unread body is one no parser accepted.
    if (hasBody(req) && !req.readableEnded && !READ_AFTER_GUARDS.test(type)) {
      throw new AppError(ErrorCode.UnsupportedMediaType, 415, `不支持的请求体类型 ${type.slice(0, 60) || '（未声明）'}：请按接口文档发送（通常为 application/json）`);
    }
    const problem = inputProblem(req.body) ?? inputProblem(req.query) ?? inputProblem(req.params);
    if (problem) throw AppError.badRequest(ErrorCode.ValidationFailed, problem);
    return true;
  }
}

/** Whether the request carries a non-empty body (as body-parser decides it, but an empty one counts as none). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}
