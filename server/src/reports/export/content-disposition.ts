/**
 * `Content-Disposition: attachment` with a Chinese file name: RFC 6266 `filename*` in RFC 5987 encoding
 * (UTF-8, percent-encoded) for every current browser, plus a plain ASCII `filename` for old clients.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const clean = safeFileName(fileName);
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? clean.slice(dot) : '';
  const asciiBase = clean.slice(0, dot > 0 ? dot : undefined).replace(/[^\x20-\x7e]+/g, '_').replace(/["\\%]/g, '_').replace(/^[_ ]+|[_ ]+$/g, '');
  const fallback = `${/[A-Za-z0-9]/.test(asciiBase) ? asciiBase : 'report'}${ext.replace(/[^\x20-\x7e]/g, '')}`;
  return `${type}; filename="${fallback}"; filename*=UTF-8''${rfc5987(clean)}`;
}

/** RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * ! unescaped, which the grammar does not allow. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A file name any office PC can save: no path separators, reserved characters or control characters. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').trim();
  return cleaned.length > 0 ? cleaned.slice(0, 150) : 'report';
}
