import { ApiError } from '../../api/client';

/** The download name from `Content-Disposition` (RFC 5987 `filename*` first, then `filename`). */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Saves a file fetched with the session's token (a plain link would carry none) under `name`; throws the API's
 * Chinese error when the answer is not a file.
 */
export function saveFile(result: { data?: unknown; error?: unknown; response: Response }, fallbackName: string): void {
  const { data, error, response } = result;
  if (error !== undefined || !response.ok || !data) {
    const body = (error ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? `下载失败（HTTP ${response.status}）`);
  }
  const url = URL.createObjectURL(data as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = dispositionName(response.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
