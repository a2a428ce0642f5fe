import { createHash, randomBytes } from 'crypto';
import { createReadStream } from 'fs';
import { copyFile, mkdir, rename, stat, unlink } from 'fs/promises';
import { dirname, join } from 'path';
import { pipeline } from 'stream/promises';
import { MediaError } from '../media-error';

export interface StoredFile {
  sha256: string;
  size: number;
  path: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
const EXT = /^[a-z0-9]{1,8}$/;

function validate(sha256: string, ext: string): void {
  if (!SHA256.test(sha256)) throw new MediaError('STORE_INVALID_KEY', `媒体文件标识无效：${sha256.slice(0, 80)}`);
  if (!EXT.test(ext)) throw new MediaError('STORE_INVALID_KEY', `媒体文件扩展名无效：${ext.slice(0, 20)}`);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Content-addressed files on local disk: `<root>/<first two hex>/<sha256>.<ext>`, written once, never changed. */
export class ContentStore {
  constructor(readonly rootDir: string) {}

  pathFor(sha256: string, ext: string): string {
    validate(sha256, ext);
    return join(this.rootDir, sha256.slice(0, 2), `${sha256}.${ext}`);
  }

  async stat(sha256: string, ext: string): Promise<StoredFile | undefined> {
    const path = this.pathFor(sha256, ext);
    try {
      return { sha256, size: (await stat(path)).size, path };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async has(sha256: string, ext: string): Promise<boolean> {
    return (await this.stat(sha256, ext)) !== undefined;
  }

  /** Moves `tmpPath` into the store under its own hash; the temp file is consumed either way. */
  async putFile(tmpPath: string, ext: string): Promise<StoredFile> {
    const sha256 = await sha256File(tmpPath);
    const path = this.pathFor(sha256, ext);
    const existing = await this.stat(sha256, ext);
    if (existing) {
      await unlink(tmpPath);
      return existing;
    }
    await mkdir(dirname(path), { recursive: true });
    await this.moveInto(tmpPath, path);
    return { sha256, size: (await stat(path)).size, path };
  }

  /** rename() is atomic, so readers never see a partial file; across filesystems, copy beside it first. */
  private async moveInto(source: string, target: string): Promise<void> {
    try {
      await rename(source, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      const staging = `${target}.${randomBytes(6).toString('hex')}.part`;
      await copyFile(source, staging);
      await rename(staging, target);
      await unlink(source);
    }
  }
}
