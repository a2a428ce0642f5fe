import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { findRepoRoot, mediaAssetPath } from './assets-path';

describe('findRepoRoot', () => {
  const root = resolve(__dirname, '..', '..');

  it('should find the sunshine-cast package root when starting from the sources', () => {
    expect(findRepoRoot(__dirname)).toBe(root);
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string }).name).toBe('sunshine-cast');
  });

  it('should find the same root when starting from the build output folder', () => {
    expect(findRepoRoot(join(root, 'dist', 'media', 'src'))).toBe(root);
  });

  it('should throw when no ancestor is the repository', () => {
    expect(() => findRepoRoot('/')).toThrow('sunshine-cast');
  });

  it('should point at the espeak worker shipped in media/assets', () => {
    expect(existsSync(mediaAssetPath('espeak-worker.mjs'))).toBe(true);
  });
});
