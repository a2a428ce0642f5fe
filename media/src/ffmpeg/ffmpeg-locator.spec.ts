import { binaryPathFromModule, locateBinaries, LocatorDeps } from './ffmpeg-locator';

function deps(overrides: Partial<LocatorDeps> & { modules?: Record<string, string>; files?: string[] }): LocatorDeps {
  const modules = overrides.modules ?? {};
  const files = new Set(overrides.files ?? Object.values(modules));
  return {
    env: overrides.env ?? {},
    tryResolve: (name) => modules[name],
    exists: (path) => files.has(path),
    platform: overrides.platform ?? 'linux',
  };
}

const ALL_MODULES = {
  'ffmpeg-static': '/static/ffmpeg',
  'ffprobe-static': '/static/ffprobe',
  '@ffmpeg-installer/ffmpeg': '/installer/ffmpeg',
  '@ffprobe-installer/ffprobe': '/installer/ffprobe',
};

describe('locateBinaries', () => {
  it('should use FFMPEG_PATH and FFPROBE_PATH when they are set', () => {
    const found = locateBinaries(deps({ env: { FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: ' /opt/ff/ffprobe ' }, modules: ALL_MODULES }));
    expect(found).toEqual({
      ffmpeg: { path: '/opt/ff/ffmpeg', source: 'env' },
      ffprobe: { path: '/opt/ff/ffprobe', source: 'env' },
    });
  });

  it('should prefer ffmpeg-static over the installer packages when its binary exists', () => {
    const found = locateBinaries(deps({ modules: ALL_MODULES }));
    expect(found.ffmpeg).toEqual({ path: '/static/ffmpeg', source: 'static' });
    expect(found.ffprobe).toEqual({ path: '/static/ffprobe', source: 'static' });
  });

  it('should skip ffmpeg-static when its binary was never downloaded', () => {
    const found = locateBinaries(deps({ modules: ALL_MODULES, files: ['/installer/ffmpeg', '/installer/ffprobe'] }));
    expect(found.ffmpeg).toEqual({ path: '/installer/ffmpeg', source: 'installer' });
    expect(found.ffprobe).toEqual({ path: '/installer/ffprobe', source: 'installer' });
  });

  it('should fall back to the PATH command when no package provides a binary', () => {
    expect(locateBinaries(deps({}))).toEqual({
      ffmpeg: { path: 'ffmpeg', source: 'path' },
      ffprobe: { path: 'ffprobe', source: 'path' },
    });
    expect(locateBinaries(deps({ platform: 'win32' })).ffmpeg.path).toBe('ffmpeg.exe');
  });

  it('should ignore an empty FFMPEG_PATH when resolving', () => {
    expect(locateBinaries(deps({ env: { FFMPEG_PATH: '  ' }, modules: ALL_MODULES })).ffmpeg.source).toBe('static');
  });

  it('should resolve each binary independently when only one is overridden', () => {
    const found = locateBinaries(deps({ env: { FFMPEG_PATH: '/x/ffmpeg' }, modules: ALL_MODULES, files: ['/installer/ffprobe'] }));
    expect(found.ffmpeg.source).toBe('env');
    expect(found.ffprobe).toEqual({ path: '/installer/ffprobe', source: 'installer' });
  });
});

describe('binaryPathFromModule', () => {
  it('should read the path from a string export or a { path } export', () => {
    expect(binaryPathFromModule('/a/ffmpeg')).toBe('/a/ffmpeg');
    expect(binaryPathFromModule({ path: '/b/ffprobe', version: '1' })).toBe('/b/ffprobe');
  });

  it('should return undefined when the export has no usable path', () => {
    expect(binaryPathFromModule(null)).toBeUndefined();
    expect(binaryPathFromModule({ version: '1' })).toBeUndefined();
  });
});

describe('locateBinaries with a -version probe', () => {
  const versions: Record<string, string> = { '/static/ffmpeg': 'ffmpeg version 6.1.1-static', '/installer/ffmpeg': 'ffmpeg version N-92722', '/installer/ffprobe': 'ffprobe version N-92722' };
  const probe = (path: string): string | null => versions[path] ?? null;

  it('should use ffmpeg-static when its binary runs, and say its version', () => {
    const found = locateBinaries({ ...deps({ modules: ALL_MODULES }), probe });
    expect(found.ffmpeg).toEqual({ path: '/static/ffmpeg', source: 'static', version: 'ffmpeg version 6.1.1-static' });
  });

  it('should fall back to the installer binary when ffmpeg-static is there but does not run', () => {
    const found = locateBinaries({ ...deps({ modules: ALL_MODULES }), probe: (path) => (path === '/static/ffmpeg' ? null : probe(path)) });
    expect(found.ffmpeg).toEqual({ path: '/installer/ffmpeg', source: 'installer', version: 'ffmpeg version N-92722' });
    // ffprobe-static's binary does not run either (no version known for it): the installer's ffprobe.
    expect(found.ffprobe).toEqual({ path: '/installer/ffprobe', source: 'installer', version: 'ffprobe version N-92722' });
  });

  it('should report a null version for a binary that does not run where nothing better exists', () => {
    expect(locateBinaries({ ...deps({ env: { FFMPEG_PATH: '/nowhere/ffmpeg' } }), probe }).ffmpeg).toEqual({ path: '/nowhere/ffmpeg', source: 'env', version: null });
  });
});
