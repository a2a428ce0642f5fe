import { execFileSync } from 'child_process';
import { existsSync } from 'fs';

export type BinarySource = 'env' | 'static' | 'installer' | 'path';

export interface LocatedBinary {
  path: string;
  source: BinarySource;
  /** The first line of `<binary> -version` (e.g. "ffmpeg version 6.1.1 …"); null when it did not run. Only with a probe. */
  version?: string | null;
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
  /**
   * Runs `<path> -version`: its first line, or null when the binary does not run (a truncated download, another
   * CPU's build). When given, ffmpeg-static is used only if its binary runs, and every result says its version.
   */
  probe?(path: string): string | null;
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
  const found = (path: string, source: BinarySource, version?: string | null): LocatedBinary =>
    deps.probe ? { path, source, version: version !== undefined ? version : deps.probe(path) } : { path, source };
  const fromEnv = deps.env[spec.envVar]?.trim();
  if (fromEnv) return found(fromEnv, 'env');
  // ffmpeg-static is optional and may be installed without its binary (its download fails offline, or was
  // interrupted), so check the file and, with a probe, that it runs; otherwise the npm-shipped installer binary.
  const fromStatic = deps.tryResolve(spec.staticModule);
  if (fromStatic && deps.exists(fromStatic)) {
    const version = deps.probe?.(fromStatic);
    if (version !== null) return found(fromStatic, 'static', version);
  }
  const fromInstaller = deps.tryResolve(spec.installerModule);
  if (fromInstaller && deps.exists(fromInstaller)) return found(fromInstaller, 'installer');
  // Last resort: let the OS search PATH when the process is spawned.
  return found(deps.platform === 'win32' ? `${spec.command}.exe` : spec.command, 'path');
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

/** The first line of `<path> -version`, or null when it does not start or fails (5 s bound: a start-up check). */
export function probeVersion(path: string): string | null {
  try {
    const out = execFileSync(path, ['-version'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n')[0].trim() || null;
  } catch {
    return null;
  }
}

/** The documented lookup order; `probe` (the server's start) also checks that ffmpeg-static runs and reads versions. */
export function locateFfmpegBinaries(env: Record<string, string | undefined> = process.env, opts: { probe?: boolean } = {}): FfmpegBinaries {
  return locateBinaries({ env, tryResolve: requireBinaryPath, exists: existsSync, platform: process.platform, ...(opts.probe ? { probe: probeVersion } : {}) });
}
