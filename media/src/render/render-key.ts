import { canonicalize } from '@sunshine/playlists';
import { createHash } from 'crypto';

/** Bump whenever a change would make the same input sound different (pipeline, tones, normalisation). */
export const RENDERER_VERSION = 'media-1';

/** sha256 (hex) of the RFC 8785 form of everything that shapes a rendition, including the renderer version. */
export function renderKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalize({ ...parts, rendererVersion: RENDERER_VERSION })).digest('hex');
}
