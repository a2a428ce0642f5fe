import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
}

/** The only HTTP the agent does: GET with extra headers. Injectable so tests and other transports can stand in. */
export type HttpGet = (url: string, headers: Record<string, string>) => Promise<HttpResponse>;

/** A stalled socket (no bytes for this long) fails the request so the download can resume later. */
const IDLE_TIMEOUT_MS = 30_000;

export const nodeHttpGet: HttpGet = (url, headers) =>
  new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { headers }, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }));
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`连接 ${IDLE_TIMEOUT_MS / 1000} 秒无响应`)));
    req.on('error', reject);
  });
