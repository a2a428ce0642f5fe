import * as fs from 'node:fs';
import * as path from 'node:path';

/** Replaces `file` so that a crash leaves either the old or the new content, never a torn mix. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Makes a rename durable; some platforms (Windows) cannot open a directory, which is harmless there. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * `writeFileAtomic` on the thread pool: the same write, fsync, rename and directory fsync, without blocking the
 * event loop (a slow SD card's fsync would otherwise stall MQTT and playback). Callers must not run two writes of
 * the same file at once (they share the `.tmp` name).
 */
export async function writeFileAtomicAsync(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
  await fsyncDirAsync(path.dirname(file));
}

export async function fsyncDirAsync(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort, as fsyncDir
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
