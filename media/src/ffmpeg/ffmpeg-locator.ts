import { existsSync } from 'fs';

export type BinarySource = 'env' | 'static' | 'installer' | 'path';

export interface LocatedBinary {
  path: string;
  source: BinarySource;
}

export interface FfmpegBinaries {
  ffmpeg: LocatedBinary;
  ffprobe: LocatedBinary;
}

export interface LocatorDeps {
  env: Record<string, string | undefined>;
  /** The binary path a package exports, or undefined when the package is absent or broken. */
  tryResolve(moduleName: string): string | undefined;
  exists(path: string): boolean;
  platform?: NodeJS.Platform;
}

interface BinarySpec {
  envVar: string;
  staticModule: string;
  installerModule: string;
  command: string;
}

const SPECS: Record<keyof FfmpegBinaries, BinarySpec> = {
  ffmpeg: { envVar: 'FFMPEG_PATH', staticModule: 'ffmpeg-static', installerModule: '@ffmpeg-installer/ffmpeg', command: 'ffmpeg' },
  ffprobe: { envVar: 'FFPROBE_PATH', staticModule: 'ffprobe-static', installerModule: '@ffprobe-installer/ffprobe', command: 'ffprobe' },
};

function locateOne(spec: BinarySpec, deps: LocatorDeps): LocatedBinary {
  // An explicit path is trusted as-is: a wrong setting should fail loudly, not silently fall back.
  const fromEnv = deps.env[spec.envVar]?.trim();
  if (fromEnv) return { path: fromEnv, source: 'env' };
  // ffmpeg-static may be installed without its binary (its download fails offline), so check the file.
  for (const [moduleName, source] of [
    [spec.staticModule, 'static'],
    [spec.installerModule, 'installer'],
  ] as const) {
    const resolved = deps.tryResolve(moduleName);
    if (resolved && deps.exists(resolved)) return { path: resolved, source };
  }
  // Last resort: let the OS search PATH when the process is spawned.
  return { path: deps.platform === 'win32' ? `${spec.command}.exe` : spec.command, source: 'path' };
}

/** Pure resolution in the documented order: env → *-static → @*-installer → PATH. */
export function locateBinaries(deps: LocatorDeps): FfmpegBinaries {
  return { ffmpeg: locateOne(SPECS.ffmpeg, deps), ffprobe: locateOne(SPECS.ffprobe, deps) };
}

/** Packages export either the path itself (ffmpeg-static) or an object with `path` (the others). */
export function binaryPathFromModule(exported: unknown): string | undefined {
  if (typeof exported === 'string') return exported;
  if (exported && typeof exported === 'object' && typeof (exported as { path?: unknown }).path === 'string') {
    return (exported as { path: string }).path;
  }
  return undefined;
}

function requireBinaryPath(moduleName: string): string | undefined {
  try {
    return binaryPathFromModule(require(moduleName) as unknown);
  } catch {
    return undefined; // not installed, or its index throws because the platform binary is missing
  }
}

export function locateFfmpegBinaries(env: Record<string, string | undefined> = process.env): FfmpegBinaries {
  return locateBinaries({ env, tryResolve: requireBinaryPath, exists: existsSync, platform: process.platform });
}
