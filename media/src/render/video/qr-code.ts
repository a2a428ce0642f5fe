import { MediaError } from '../../media-error';
import { Box } from './video-layout';

export interface QrPlacement {
  x: number;
  y: number;
  /** Pixels per module: a whole number, so every module is a crisp square. */
  scale: number;
  sizePx: number;
}

/** Longer links make modules too small to scan from a few metres. */
export const MAX_SOURCE_URL_LENGTH = 512;
/** Light border in modules; the slide around it is white too. */
const QUIET_ZONE = 2;

/** The source document link, checked: http(s) only, one line, short enough to scan. */
export function checkSourceUrl(url: string): string {
  const invalid = (why: string): MediaError => new MediaError('SOURCE_URL_INVALID', `原文链接无效：${why}`);
  if (url.length > MAX_SOURCE_URL_LENGTH) throw invalid(`超过 ${MAX_SOURCE_URL_LENGTH} 个字符，二维码将无法扫描`);
  if (/[\s\u0000-\u001F\u007F]/.test(url)) throw invalid('含有空白或控制字符');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('不是完整的网址');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('只支持 http 或 https 链接');
  return url;
}

/** Centres the largest whole-pixel-module code in the box. */
export function qrPlacement(box: Box, modules: number): QrPlacement {
  const cells = modules + 2 * QUIET_ZONE;
  const scale = Math.floor(Math.min(box.width, box.height) / cells);
  if (scale < 1) throw new RangeError(`a ${modules}-module QR code does not fit ${box.width}×${box.height}`);
  const sizePx = cells * scale;
  return { x: box.x + Math.floor((box.width - sizePx) / 2), y: box.y + Math.floor((box.height - sizePx) / 2), scale, sizePx };
}

/** Writes the QR code of `url` as a PNG sized for `box`; returns where it goes. */
export async function writeQrPng(url: string, box: Box, path: string): Promise<QrPlacement> {
  // Loaded on the first screen render with a source link, not at start (about 8 MB an idle server does not need).
  const { create, toFile } = await import('qrcode');
  const errorCorrectionLevel = 'M';
  const placement = qrPlacement(box, create(checkSourceUrl(url), { errorCorrectionLevel }).modules.size);
  await toFile(path, url, { type: 'png', errorCorrectionLevel, margin: QUIET_ZONE, scale: placement.scale });
  return placement;
}
