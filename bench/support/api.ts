/** A small typed client over the server's HTTP API, with the editorial steps the benchmarks repeat. */
import { SEED_PASSWORD, waitFor } from './server-process';

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export interface Rendition {
  profile: string;
  status: string;
  sha256: string;
  size: number;
  durationMs: number;
}

export interface NoticeFields {
  title: string;
  body: string;
  department: string;
}

export interface DevicePlaylist {
  version: string;
  playlist: { seq: number; items: unknown[]; loop: unknown[] };
  envelope: unknown;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  static async login(baseUrl: string, username: string, password = SEED_PASSWORD): Promise<Api> {
    const r = await new Api(baseUrl).post<{ token: string }>('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return new Api(baseUrl, r.body.token);
  }

  get<T>(route: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', route);
  }

  post<T>(route: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', route, body);
  }

  /** Like post, but anything other than `expected` is an error naming the route and the server's answer. */
  async must<T>(route: string, body: unknown, expected: number): Promise<T> {
    const r = await this.post<T>(route, body);
    if (r.status !== expected) throw new Error(`POST ${route} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  private async request<T>(method: string, route: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}

/** Editor writes (or revises) a notice, submits it, a different reviewer approves it; returns the approved revision. */
export async function approvedNotice(editor: Api, reviewer: Api, fields: NoticeFields, contentId?: string): Promise<{ contentId: string; revisionId: string }> {
  type View = { id: string; latest: { id: string } };
  const written = contentId ? await editor.must<View>(`/api/contents/${contentId}/revisions`, fields, 201) : await editor.must<View>('/api/contents', fields, 201);
  await editor.must(`/api/contents/${written.id}/submit`, undefined, 200);
  await reviewer.must(`/api/contents/${written.id}/approve`, { comment: '同意播出' }, 200);
  return { contentId: written.id, revisionId: written.latest.id };
}

export function waitForRendition(api: Api, revisionId: string, timeoutMs: number, profile = 'speaker'): Promise<Rendition> {
  return waitFor(
    async () => {
      const r = await api.get<Rendition[]>(`/api/revisions/${revisionId}/renditions`);
      const failed = r.body.find((x) => x.status === 'failed');
      if (failed) throw new Error(`render failed: ${JSON.stringify(failed)}`);
      return r.body.find((x) => x.profile === profile && x.status === 'done') ?? null;
    },
    timeoutMs,
    () => `rendition of ${revisionId} not done within ${timeoutMs} ms`,
    200,
  );
}

export async function devicePlaylist(api: Api, deviceId: string): Promise<DevicePlaylist> {
  const r = await api.get<DevicePlaylist>(`/api/devices/${deviceId}/playlist`);
  if (r.status !== 200) throw new Error(`playlist of ${deviceId}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
