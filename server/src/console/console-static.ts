import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import compression from 'compression';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths the console never answers: the API, media, the OpenAPI document and the metrics are the server's own. */
export function isServerPath(urlPath: string): boolean {
  return urlPath === '/api' || urlPath.startsWith('/api/') || urlPath.startsWith('/media/') || urlPath === '/media' || urlPath === '/metrics';
}

/**
 * Gzip for the console's assets and the API's JSON. Media (already compressed, served with Range) and
 * server-sent events (which must reach the browser as they are written) are left alone.
 */
export function shouldCompress(req: Request, res: Response): boolean {
  if (req.path.startsWith('/media/')) return false;
  if (String(res.getHeader('Content-Type') ?? '').includes('text/event-stream')) return false;
  return compression.filter(req, res);
}

/**
 * Serves the built console (dist/console) at `/`: hashed assets are immutable, every other page path gets
 * index.html so deep links (e.g. /devices/spk-1) work after a reload. Returns false when the console was not built.
 */
export function mountConsole(app: NestExpressApplication, dir: string): boolean {
  app.use(compression({ filter: shouldCompress }));
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, file) => {
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
