import { getProfile, VideoSpec } from '@sunshine/devices';
import { Box, planVideoLayout } from './video-layout';

function spec(id: string): VideoSpec {
  const video = getProfile(id)?.video;
  if (!video) throw new Error(`no video profile ${id}`);
  return video;
}

function inside(box: Box, width: number, height: number): boolean {
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height && box.width > 0 && box.height > 0;
}

describe('planVideoLayout', () => {
  it('should choose slides for the hall TV, compact pages for the small LED and a ticker for the strip', () => {
    expect(planVideoLayout(spec('hall-tv-1080p'), { withQr: false }).template).toBe('slides');
    expect(planVideoLayout(spec('led-384x192'), { withQr: false }).template).toBe('compact');
    expect(planVideoLayout(spec('led-strip-1024x64'), { withQr: true }).template).toBe('ticker');
  });

  it('should stack header, title, rule, body and subtitle band without overlap on the hall TV', () => {
    const l = planVideoLayout(spec('hall-tv-1080p'), { withQr: false });
    if (l.template !== 'slides') throw new Error('expected slides');
    for (const box of [l.header, l.accent, l.title, l.rule, l.body, l.band, l.subtitle]) expect(inside(box, 1920, 1080)).toBe(true);
    expect(l.accent.y).toBe(l.header.y + l.header.height);
    expect(l.title.y).toBeGreaterThanOrEqual(l.accent.y + l.accent.height);
    expect(l.rule.y).toBeGreaterThanOrEqual(l.title.y + l.title.height);
    expect(l.body.y).toBeGreaterThanOrEqual(l.rule.y + l.rule.height);
    expect(l.body.y + l.fit.maxLinesPerPage * l.bodyLineHeightPx).toBeLessThanOrEqual(l.band.y);
    expect(l.band.y + l.band.height).toBe(1080);
    expect(l.qr).toBeUndefined();
  });

  it('should keep the profile page (30 characters × 9 lines) inside the body box with large type', () => {
    const l = planVideoLayout(spec('hall-tv-1080p'), { withQr: false });
    if (l.template !== 'slides') throw new Error('expected slides');
    expect(l.fit).toEqual({ maxCharsPerLine: 30, maxLinesPerPage: 9 });
    expect(l.bodyFontPx * 30).toBeLessThanOrEqual(l.body.width);
    expect(l.bodyFontPx).toBeGreaterThanOrEqual(44);
    expect(l.bodyLineHeightPx).toBeGreaterThanOrEqual(l.bodyFontPx * 1.25);
    expect(l.subtitleFit.maxLinesPerPage).toBe(2);
    expect(l.subtitleFit.maxCharsPerLine * l.subtitleFontPx).toBeLessThanOrEqual(l.subtitle.width);
  });

  it('should make room for the QR code beside the body and shrink the type to keep the same page when a source link is given', () => {
    const plain = planVideoLayout(spec('hall-tv-1080p'), { withQr: false });
    const withQr = planVideoLayout(spec('hall-tv-1080p'), { withQr: true });
    if (plain.template !== 'slides' || withQr.template !== 'slides' || !withQr.qr) throw new Error('expected slides with a QR box');
    expect(inside(withQr.qr, 1920, 1080)).toBe(true);
    expect(withQr.body.x + withQr.body.width).toBeLessThan(withQr.qr.x);
    expect(withQr.qr.y + withQr.qr.height + withQr.qr.captionFontPx * 2).toBeLessThanOrEqual(withQr.band.y);
    expect(withQr.fit).toEqual(plain.fit);
    expect(withQr.bodyFontPx * 30).toBeLessThanOrEqual(withQr.body.width);
    expect(withQr.bodyFontPx).toBeLessThan(plain.bodyFontPx);
  });

  it('should fit 11 characters × 4 lines under the header strip of the small LED panel', () => {
    const l = planVideoLayout(spec('led-384x192'), { withQr: true });
    if (l.template !== 'compact') throw new Error('expected compact');
    expect(inside(l.page, 384, 192)).toBe(true);
    expect(l.page.y).toBeGreaterThanOrEqual(l.header.height);
    expect(l.fontPx * 11).toBeLessThanOrEqual(l.page.width);
    expect(l.page.y + 4 * l.lineHeightPx).toBeLessThanOrEqual(192);
    expect(l.fontPx).toBe(32); // the profile's large type fits as is
  });

  it('should scroll right of the kind badge on the strip with type nearly as tall as the strip', () => {
    const l = planVideoLayout(spec('led-strip-1024x64'), { withQr: false });
    if (l.template !== 'ticker') throw new Error('expected ticker');
    expect(l.scroll.x).toBeGreaterThan(l.badge.width);
    expect(l.scroll.x + l.scroll.width).toBe(1024);
    expect(l.readingX).toBeGreaterThan(l.scroll.x);
    expect(l.readingX).toBeLessThan(1024 / 2);
    expect(l.fontPx).toBe(48);
    expect(l.badgeFontPx * 4).toBeLessThanOrEqual(l.badge.width); // 通知公告
  });

  it('should reject a screen size that is not a positive whole number of pixels', () => {
    expect(() => planVideoLayout({ ...spec('hall-tv-1080p'), width: 0 }, { withQr: false })).toThrow(RangeError);
  });
});
