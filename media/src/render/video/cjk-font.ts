import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { MediaError } from '../../media-error';

/**
 * The CJK font that slides are drawn with: Noto Sans S Chinese (Noto Sans CJK SC 1.000, OFL-1.1, covers all
 * of GB2312 and beyond) as shipped in OpenType/CFF by the npm package `@embedpdf/fonts-sc`. Nothing is taken
 * from the system fonts, so a segment looks the same on every render host.
 */
export const CJK_FONT_PACKAGE = '@embedpdf/fonts-sc';
/** Environment override: a directory holding the same two files (for hosts that install fonts elsewhere). */
export const CJK_FONT_DIR_ENV = 'CJK_FONT_DIR';

const REGULAR_FILE = 'NotoSansHans-Regular.otf';
const BOLD_FILE = 'NotoSansHans-Bold.otf';

/** One face: its file, the name libass matches, and the ASS font size that gives a 1 px em. */
export interface CjkFace {
  path: string;
  name: string;
  /**
   * libass (like VSFilter) scales a font so that its OS/2 win ascent + descent equals the ASS size; this is
   * that sum in em, so an em of E px needs the ASS size E × sizePerEm.
   */
  sizePerEm: number;
}

export interface CjkFont {
  regular: CjkFace;
  bold: CjkFace;
}

export interface CjkFontDeps {
  env: Record<string, string | undefined>;
  /** Resolves a module request like require.resolve; throws when it is not installed. */
  resolve(request: string): string;
  exists(path: string): boolean;
}

const defaultDeps: CjkFontDeps = { env: process.env, resolve: (request) => require.resolve(request), exists: existsSync };

/** Finds the font files: `CJK_FONT_DIR` if set, else the installed package (its fonts/ sits beside its dist/). */
export function locateCjkFont(deps: CjkFontDeps = defaultDeps): CjkFont {
  const fromEnv = deps.env[CJK_FONT_DIR_ENV]?.trim();
  let dir: string;
  if (fromEnv) {
    dir = fromEnv;
  } else {
    let main: string;
    try {
      // The package's exports map only exposes its entry point, so the font folder is found from there.
      main = deps.resolve(CJK_FONT_PACKAGE);
    } catch {
      throw notFound(`未安装字体包 ${CJK_FONT_PACKAGE}`);
    }
    dir = join(dirname(main), '..', 'fonts');
  }
  const font: CjkFont = {
    regular: { path: join(dir, REGULAR_FILE), name: 'Noto Sans S Chinese Regular', sizePerEm: (1082 + 304) / 1000 },
    bold: { path: join(dir, BOLD_FILE), name: 'Noto Sans S Chinese Bold', sizePerEm: (1132 + 314) / 1000 },
  };
  for (const path of [font.regular.path, font.bold.path]) {
    if (!deps.exists(path)) throw notFound(`缺少字体文件 ${path}`);
  }
  return font;
}

function notFound(reason: string): MediaError {
  return new MediaError(
    'FONT_NOT_FOUND',
    `找不到视频字幕所需的中文字体（${reason}）。请安装 npm 包 ${CJK_FONT_PACKAGE}，或用环境变量 ${CJK_FONT_DIR_ENV} 指定含 ${REGULAR_FILE} 与 ${BOLD_FILE} 的目录`,
  );
}
