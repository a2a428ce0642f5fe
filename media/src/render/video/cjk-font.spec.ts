import { join } from 'path';
import { MediaError } from '../../media-error';
import { CJK_FONT_PACKAGE, CjkFontDeps, locateCjkFont } from './cjk-font';

function deps(over: Partial<CjkFontDeps> & { files?: string[] }): CjkFontDeps {
  const files = new Set(over.files ?? []);
  return {
    env: over.env ?? {},
    resolve:
      over.resolve ??
      (() => {
        throw new Error('Cannot find module');
      }),
    exists: (path) => files.has(path),
  };
}

describe('locateCjkFont', () => {
  const pkgFonts = join('/app/node_modules', CJK_FONT_PACKAGE, 'fonts');

  it("should find both faces in the package's fonts folder beside its entry point when it is installed", () => {
    const font = locateCjkFont(
      deps({
        resolve: (request) => (request === CJK_FONT_PACKAGE ? join('/app/node_modules', CJK_FONT_PACKAGE, 'dist/index.cjs') : ''),
        files: [join(pkgFonts, 'NotoSansHans-Regular.otf'), join(pkgFonts, 'NotoSansHans-Bold.otf')],
      }),
    );
    expect(font.regular).toEqual({ path: join(pkgFonts, 'NotoSansHans-Regular.otf'), name: 'Noto Sans S Chinese Regular', sizePerEm: 1.386 });
    expect(font.bold).toEqual({ path: join(pkgFonts, 'NotoSansHans-Bold.otf'), name: 'Noto Sans S Chinese Bold', sizePerEm: 1.446 });
  });

  it('should prefer the CJK_FONT_DIR directory when the variable is set', () => {
    const font = locateCjkFont(deps({ env: { CJK_FONT_DIR: '/opt/fonts' }, files: ['/opt/fonts/NotoSansHans-Regular.otf', '/opt/fonts/NotoSansHans-Bold.otf'] }));
    expect(font.regular.path).toBe('/opt/fonts/NotoSansHans-Regular.otf');
  });

  it('should throw FONT_NOT_FOUND naming the package when it is not installed', () => {
    let error: unknown;
    try {
      locateCjkFont(deps({}));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('FONT_NOT_FOUND');
    expect((error as MediaError).message).toContain(CJK_FONT_PACKAGE);
  });

  it('should throw FONT_NOT_FOUND when a face file is missing from the folder', () => {
    expect(() => locateCjkFont(deps({ env: { CJK_FONT_DIR: '/opt/fonts' }, files: ['/opt/fonts/NotoSansHans-Regular.otf'] }))).toThrow(
      expect.objectContaining({ code: 'FONT_NOT_FOUND' }),
    );
  });
});
