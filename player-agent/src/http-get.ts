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

/**
 * Keep-alive saves a handshake per download on weak links. An idle pooled socket is dropped after this long,
 * below the usual server keep-alive of 5 s, so the agent rarely sends on a socket the server is closing.
 */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** `ca`: trust this CA for https:// (the same file as for mqtts://) instead of the system CAs. */
export function createHttpGet(opts: { ca?: string } = {}): HttpGet {
  const agents: Agents = {
    http: new http.Agent({ keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS }),
    https: new https.Agent({ keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, ...(opts.ca ? { ca: opts.ca } : {}) }),
  };
  return (url, headers) => getOnce(agents, url, headers, true);
}

export const nodeHttpGet: HttpGet = createHttpGet();

function getOnce(agents: Agents, url: string, headers: Record<string, string>, mayRetry: boolean): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const get = secure ? https.get : http.get;
    const req = get(url, { headers, agent: secure ? agents.https : agents.http }, (res) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`连接 ${IDLE_TIMEOUT_MS / 1000} 秒无响应`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server closed a pooled keep-alive socket just as it was reused: nothing was received, a GET is safe to
      // send again, on a fresh connection (Node's documented remedy; not a download failure).
      if (mayRetry && req.reusedSocket && isStaleSocketError(err)) {
        getOnce(agents, url, headers, false).then(resolve, reject);
        return;
      }
      reject(err);
    });
  });
}

/** Errors a stale keep-alive socket gives when reused. */
export function isStaleSocketError(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'socket hang up';
}
