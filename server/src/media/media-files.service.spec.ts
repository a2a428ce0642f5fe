import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Response } from 'express';
import { ContentStore } from '@sunshine/media';
import { HOT_FILE_MAX_BYTES, MediaFilesService } from './media-files.service';

/** What MediaFilesService uses of an Express response, recording what was sent. */
function response(headers: Record<string, string> = {}): Response & { sent: { status: number; body?: Buffer; headers: Record<string, string> } } {
  const sent = { status: 200, body: undefined as Buffer | undefined, headers: {} as Record<string, string> };
  const res = {
    req: { headers, method: 'GET' },
    sent,
    headersSent: false,
    setHeader: (k: string, v: string) => ((sent.headers[k.toLowerCase()] = v), res),
    removeHeader: (k: string) => delete sent.headers[k.toLowerCase()],
    type: (t: string) => ((sent.headers['content-type'] = t), res),
    status: (s: number) => ((sent.status = s), res),
    end: (body?: Buffer) => ((sent.body = body), res),
  };
  return res as unknown as Response & { sent: typeof sent };
}

describe('MediaFilesService from memory', () => {
  let dir: string;
  let store: ContentStore;
  let files: MediaFilesService;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-files-'));
    store = new ContentStore(dir);
    files = new MediaFilesService(store);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function put(bytes: Buffer): Promise<string> {
    const tmp = path.join(dir, `in-${Math.random()}`);
    fs.writeFileSync(tmp, bytes);
    const stored = await store.putFile(tmp, 'mp3');
    return `${stored.sha256}.mp3`;
  }

  it('should answer a small file whole with its ETag, then again from memory once the disk copy is gone', async () => {
    const bytes = Buffer.from('应急广播'.repeat(1000));
    const name = await put(bytes);
    const first = response();
    await files.send(name, first);
    expect(first.sent).toMatchObject({ status: 200, body: bytes, headers: { etag: `"${createHash('sha256').update(bytes).digest('hex')}"`, 'content-type': 'audio/mpeg', 'content-length': String(bytes.length) } });

    fs.rmSync(store.pathFor(name.slice(0, 64), 'mp3'));
    const again = response();
    await files.send(name, again);
    expect(again.sent.body).toEqual(bytes);
  });

  it('should answer 304 without a body when the ETag matches', async () => {
    const name = await put(Buffer.from('tone'));
    const res = response({ 'if-none-match': `W/"${name.slice(0, 64)}", "other"` });
    await files.send(name, res);
    expect(res.sent.status).toBe(304);
    expect(res.sent.body).toBeUndefined();
  });

  it('should answer 404 MEDIA_NOT_FOUND for a file never stored', async () => {
    await expect(files.send(`${'a'.repeat(64)}.mp3`, response())).rejects.toMatchObject({ code: 'MEDIA_NOT_FOUND' });
  });

  it('should keep no file above the size limit in memory (large files are sent from disk)', async () => {
    const name = await put(Buffer.alloc(HOT_FILE_MAX_BYTES + 1, 1));
    const sendFile = jest.fn((_p: string, _o: unknown, cb: (e?: Error) => void) => cb());
    const res = Object.assign(response(), { sendFile });
    await files.send(name, res);
    expect(sendFile).toHaveBeenCalledTimes(1);
    expect(res.sent.body).toBeUndefined();
  });
});
