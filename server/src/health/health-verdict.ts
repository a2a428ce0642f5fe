/** One dependency's state as `/api/health` reports it. */
export interface DependencyCheck {
  name: 'database' | 'mqtt' | 'mediaStore';
  ok: boolean;
  /** Why it is down (Chinese, for the operator); absent when fine. */
  problem?: string;
}

export interface DiskFacts {
  writable: boolean;
  /** Bytes free for this process; null when the file system could not be asked. */
  freeBytes: number | null;
  writeError?: string;
}

/**
 * The media store is healthy when a file can be written there and at least `minFreeBytes` remain: a full disk
 * fails every render and upload, so it is reported before it happens.
 */
export function mediaStoreCheck(facts: DiskFacts, minFreeBytes: number): DependencyCheck {
  if (!facts.writable) return { name: 'mediaStore', ok: false, problem: `媒体存储目录不可写：${facts.writeError ?? '未知错误'}` };
  if (facts.freeBytes !== null && facts.freeBytes < minFreeBytes) {
    return { name: 'mediaStore', ok: false, problem: `媒体存储磁盘剩余空间不足：剩余 ${mb(facts.freeBytes)} MB，低于 ${mb(minFreeBytes)} MB` };
  }
  return { name: 'mediaStore', ok: true };
}

/** ok only when every dependency is; `down` names the failed ones so a monitor can say which. */
export function healthVerdict(checks: DependencyCheck[]): { status: 'ok' | 'degraded'; httpStatus: 200 | 503; down: string[] } {
  const down = checks.filter((c) => !c.ok).map((c) => c.name);
  return down.length === 0 ? { status: 'ok', httpStatus: 200, down } : { status: 'degraded', httpStatus: 503, down };
}

function mb(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}
