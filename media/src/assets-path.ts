import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

const REPO_PACKAGE_NAME = 'sunshine-cast';

/**
 * The repository root: the nearest ancestor whose package.json is named `sunshine-cast`. Walking up works
 * both from `media/src` (ts-jest) and from `dist/media/src` (built), where non-TS assets are not copied.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === REPO_PACKAGE_NAME) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`repository root (${REPO_PACKAGE_NAME}) not found above ${from}`);
  }
}

export function mediaAssetPath(name: string): string {
  return join(findRepoRoot(), 'media', 'assets', name);
}
