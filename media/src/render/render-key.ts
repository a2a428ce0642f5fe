import { canonicalize } from '@sunshine/playlists';
import { createHash } from 'crypto';

/** Bump whenever a change would make the same input sound or look different (pipeline, tones, normalisation). */
export const RENDERER_VERSION = 'media-2';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Canonical JSON refuses strings with unpaired surrogates (they have no UTF-8 form), yet pasted text may hold
 * them. Such a string is keyed by its UTF-16 code units instead, as an object: no plain string can collide with it.
 */
function keyable(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!LONE_SURROGATE.test(value)) return value;
    return { utf16: Array.from({ length: value.length }, (_, i) => value.charCodeAt(i).toString(16).padStart(4, '0')).join('') };
  }
  if (Array.isArray(value)) return value.map(keyable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, keyable(v)]));
  }
  return value;
}

/**
 * sha256 (hex) of the RFC 8785 form of everything that shapes a rendition, including the renderer version.
 * Absent optional fields (undefined) are left out, so `{ sourceUrl: undefined }` keys like `{}`.
 */
export function renderKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalize(keyable({ ...parts, rendererVersion: RENDERER_VERSION }))).digest('hex');
}
