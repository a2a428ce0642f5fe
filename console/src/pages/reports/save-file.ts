import { ApiError } from '../../api/client';
import { dispositionName } from './disposition-name';

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
