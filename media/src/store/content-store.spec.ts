import { createHash } from 'crypto';
import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { existsSync } from 'fs';
import { ContentStore } from './content-store';

describe('ContentStore', () => {
  let root: string;
  let store: ContentStore;
  const content = Buffer.from('阳光播控 test audio bytes');
  const sha = createHash('sha256').update(content).digest('hex');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'store-spec-'));
    store = new ContentStore(join(root, 'store'));
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  async function tempFile(name: string): Promise<string> {
    const path = join(root, name);
    await writeFile(path, content);
    return path;
  }

  it('should move the file under <aa>/<sha256>.<ext> when putting it', async () => {
    const tmp = await tempFile('a.tmp');
    const stored = await store.putFile(tmp, 'mp3');
    expect(stored).toEqual({ sha256: sha, size: content.length, path: join(root, 'store', sha.slice(0, 2), `${sha}.mp3`) });
    expect(await readFile(stored.path)).toEqual(content);
    expect(existsSync(tmp)).toBe(false);
  });

  it('should return the same path and consume the temp file when the content is already stored', async () => {
    const first = await store.putFile(await tempFile('a.tmp'), 'mp3');
    const tmp = await tempFile('b.tmp');
    expect(await store.putFile(tmp, 'mp3')).toEqual(first);
    expect(existsSync(tmp)).toBe(false);
  });

  it('should report presence and size when asked with has and stat', async () => {
    expect(await store.has(sha, 'mp3')).toBe(false);
    expect(await store.stat(sha, 'mp3')).toBeUndefined();
    await store.putFile(await tempFile('a.tmp'), 'mp3');
    expect(await store.has(sha, 'mp3')).toBe(true);
    expect(await store.has(sha, 'mp4')).toBe(false);
    expect((await store.stat(sha, 'mp3'))?.size).toBe(content.length);
  });

  it('should reject keys that could escape the store when building a path', () => {
    expect(() => store.pathFor('../../etc/passwd', 'mp3')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_KEY' }));
    expect(() => store.pathFor(sha.toUpperCase(), 'mp3')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_KEY' }));
    expect(() => store.pathFor(sha, '../mp3')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_KEY' }));
    expect(() => store.pathFor(sha, 'mp3/x')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_KEY' }));
  });

  it('should reject an invalid extension before moving anything when putting a file', async () => {
    const tmp = await tempFile('a.tmp');
    await expect(store.putFile(tmp, '../x')).rejects.toMatchObject({ code: 'STORE_INVALID_KEY' });
    expect(existsSync(tmp)).toBe(true);
  });
});
