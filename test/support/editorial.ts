/** The editorial steps the end-to-end tests repeat: write → submit → approve, wait for a rendition, device keys. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Api } from './api-client';
import { tempDir, waitFor } from './server-process';

export interface NoticeFields {
  title: string;
  body: string;
  department: string;
}

export interface Rendition {
  profile: string;
  status: string;
  sha256: string;
  size: number;
  durationMs: number;
}

function must(r: { status: number; body: any }, expected: number, what: string): any {
  if (r.status !== expected) throw new Error(`${what} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Editor writes (or revises) a notice, submits it, a different reviewer approves it; returns the approved revision. */
export async function approvedNotice(editor: Api, reviewer: Api, fields: NoticeFields, contentId?: string): Promise<{ contentId: string; revisionId: string }> {
  const written = contentId
    ? must(await editor.post(`/api/contents/${contentId}/revisions`, fields), 201, 'new revision')
    : must(await editor.post('/api/contents', fields), 201, 'new content');
  must(await editor.post(`/api/contents/${written.id}/submit`), 200, 'submit');
  must(await reviewer.post(`/api/contents/${written.id}/approve`, { comment: '同意播出' }), 200, 'approve');
  return { contentId: written.id, revisionId: written.latest.id };
}

export function waitForRendition(api: Api, revisionId: string, timeoutMs: number, profile = 'speaker'): Promise<Rendition> {
  return waitFor(
    async () => {
      const r = await api.get<Rendition[]>(`/api/revisions/${revisionId}/renditions`);
      const failed = r.body.find((x) => x.profile === profile && x.status === 'failed');
      if (failed) throw new Error(`render failed: ${JSON.stringify(failed)}`);
      return r.body.find((x) => x.profile === profile && x.status === 'done') ?? null;
    },
    timeoutMs,
    () => `rendition ${profile} of ${revisionId} not done within ${timeoutMs} ms`,
  );
}

/** Registers a device and returns its id and one-time token. */
export async function registerDevice(operator: Api, device: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const body = must(await operator.post('/api/devices', device), 201, `register ${String(device.id)}`);
  return { id: body.device.id, token: body.token };
}

/** The server's playlist public key, as the PEM text and as a file for agent child processes. */
export async function playlistKey(api: Api): Promise<{ pem: string; file: string }> {
  const pem: string = must(await api.get('/api/keys/playlist'), 200, 'playlist key').publicKeyPem;
  const file = path.join(tempDir('key'), 'playlist.pem');
  fs.writeFileSync(file, pem);
  return { pem, file };
}
