import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The API's error body: a stable code and a Chinese message for the operator. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'sunshine.token';

export const session = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Called on any 401 from the API; the app sends the user to the login page, keeping where they were. */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) {
      session.clear();
      onUnauthorized();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the server's Chinese message. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) {
    const body = (error ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(response.status, body.code ?? 'HTTP_' + response.status, body.message ?? `请求失败（HTTP ${response.status}）`, body.details);
  }
  return data as T;
}

/** The Chinese message to show for any failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return '无法连接服务器，请检查网络';
  return (err as Error)?.message ?? '未知错误';
}
