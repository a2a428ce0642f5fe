import { mkdtemp, readFile, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkSourceUrl, MAX_SOURCE_URL_LENGTH, qrPlacement, writeQrPng } from './qr-code';

describe('checkSourceUrl', () => {
  it('should accept an http(s) link unchanged', () => {
    expect(checkSourceUrl('https://www.example.gov.cn/xxgk/2026/notice.html?id=1')).toBe('https://www.example.gov.cn/xxgk/2026/notice.html?id=1');
  });

  it.each([
    ['javascript:alert(1)'],
    ['ftp://example.gov.cn/a'],
    ['not a url'],
    ['https://example.gov.cn/a\nb'],
    [`https://example.gov.cn/${'a'.repeat(MAX_SOURCE_URL_LENGTH)}`],
  ])('should reject %j with SOURCE_URL_INVALID', (url) => {
    expect(() => checkSourceUrl(url)).toThrow(expect.objectContaining({ code: 'SOURCE_URL_INVALID' }));
  });
});

describe('qrPlacement', () => {
  it('should centre the largest whole-pixel module size in the box', () => {
    // 33 modules + 2×2 quiet zone = 37 cells; 259 px / 37 = 7 px a module → 259 px.
    expect(qrPlacement({ x: 1581, y: 349, width: 259, height: 259 }, 33)).toEqual({ x: 1581, y: 349, scale: 7, sizePx: 259 });
    expect(qrPlacement({ x: 0, y: 0, width: 100, height: 80 }, 21)).toEqual({ x: 12, y: 2, scale: 3, sizePx: 75 });
  });

  it('should refuse a box too small for one pixel a module', () => {
    expect(() => qrPlacement({ x: 0, y: 0, width: 20, height: 20 }, 21)).toThrow(RangeError);
  });
});

describe('writeQrPng', () => {
  it('should write a PNG exactly as large as its placement when given a link and a box', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qr-'));
    try {
      const path = join(dir, 'qr.png');
      const placement = await writeQrPng('https://www.example.gov.cn/xxgk/2026/11/23/notice-1234.html', { x: 10, y: 20, width: 259, height: 259 }, path);
      const png = await readFile(path);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([placement.sizePx, placement.sizePx]);
      expect(placement.scale).toBeGreaterThanOrEqual(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
