import { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Metrics } from '../metrics/metrics';
import { routeLabel } from '../metrics/metrics';

/** A caller's id is kept when it is a plausible id (a proxy's or a client's), never arbitrary text into the logs. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v !== undefined && REQUEST_ID.test(v) ? v : randomUUID();
}

/**
 * One line per HTTP request (id, method, route, status, latency) and the latency histogram. The request id is
 * X-Request-Id when the caller (e.g. nginx `$request_id`) sent one, else generated, and always answered back.
 */
export function requestObserver(logger: LoggerService, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const id = requestIdOf(req.headers['x-request-id']);
    (req as Request & { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req);
      metrics.httpSeconds.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger.log({ msg: `${req.method} ${req.originalUrl} ${res.statusCode} ${(seconds * 1000).toFixed(1)} ms`, reqId: id, method: req.method, url: req.originalUrl, route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10 }, 'HTTP');
    });
    next();
  };
}
