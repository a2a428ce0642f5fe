/**
 * Screen geometry of the three segment templates, derived from a device profile's video spec. Pure numbers in
 * pixels; the ASS builder draws from them and the encoder places the QR code with them.
 */
import type { VideoSpec } from '@sunshine/devices';
import { PageFit } from './paginate';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Hall TVs: red header bar, title, paged body on white, subtitle band, optional QR code. */
export interface SlidesLayout {
  template: 'slides';
  width: number;
  height: number;
  margin: number;
  header: Box;
  headerFontPx: number;
  dateFontPx: number;
  accent: Box;
  title: Box;
  titleFontPx: number;
  titleLineHeightPx: number;
  titleMaxLines: number;
  rule: Box;
  body: Box;
  bodyFontPx: number;
  bodyLineHeightPx: number;
  fit: PageFit;
  band: Box;
  subtitle: Box;
  subtitleFontPx: number;
  subtitleLineHeightPx: number;
  subtitleFit: PageFit;
  pageNumberFontPx: number;
  qr?: Box & { captionFontPx: number };
}

/** Small LED panels: a header strip and pages of large type (the title first); the pages are the subtitles. */
export interface CompactLayout {
  template: 'compact';
  width: number;
  height: number;
  header: Box;
  headerFontPx: number;
  page: Box;
  fontPx: number;
  lineHeightPx: number;
  fit: PageFit;
  departmentFontPx: number;
}

/** Strip screens: a fixed kind badge and one line of text scrolling past a reading point in step with speech. */
export interface TickerLayout {
  template: 'ticker';
  width: number;
  height: number;
  badge: Box;
  badgeFontPx: number;
  scroll: Box;
  fontPx: number;
  /** Where each sentence's first character stands when that sentence starts to be spoken. */
  readingX: number;
}

export type VideoLayout = SlidesLayout | CompactLayout | TickerLayout;

/** Screens this tall or taller get the full slide template. */
const SLIDES_MIN_HEIGHT = 480;
const SUBTITLE_LINES = 2;

export function planVideoLayout(video: VideoSpec, opts: { withQr: boolean }): VideoLayout {
  if (!Number.isInteger(video.width) || !Number.isInteger(video.height) || video.width < 16 || video.height < 16) {
    throw new RangeError(`invalid screen size ${video.width}×${video.height}`);
  }
  if (video.ticker) return tickerLayout(video);
  return video.height >= SLIDES_MIN_HEIGHT ? slidesLayout(video, opts.withQr) : compactLayout(video);
}

function slidesLayout(video: VideoSpec, withQr: boolean): SlidesLayout {
  const { width: W, height: H } = video;
  const r = Math.round;
  const margin = r(W * 0.042);
  const header: Box = { x: 0, y: 0, width: W, height: r(H * 0.102) };
  const accent: Box = { x: 0, y: bottom(header), width: W, height: Math.max(2, r(H * 0.006)) };
  const titleFontPx = r(video.fontSizePx * 1.25);
  const titleLineHeightPx = r(titleFontPx * 1.3);
  const titleMaxLines = 2;
  const title: Box = { x: margin, y: bottom(accent) + r(H * 0.02), width: W - 2 * margin, height: titleLineHeightPx * titleMaxLines };
  const rule: Box = { x: margin, y: bottom(title) + r(H * 0.012), width: W - 2 * margin, height: Math.max(2, r(H * 0.0035)) };
  const band: Box = { x: 0, y: H - r(H * 0.115), width: W, height: r(H * 0.115) };
  const subtitleFontPx = r(band.height * 0.34);
  const pageNumberFontPx = r(subtitleFontPx * 0.7);
  // The page number sits at the band's right end; the subtitle is centred clear of it on both sides.
  const pageNumberReserve = pageNumberFontPx * 4;
  const subtitle: Box = { x: margin + pageNumberReserve, y: band.y, width: W - 2 * (margin + pageNumberReserve), height: band.height };
  const qrSize = r(H * 0.24);
  const qrGap = r(W * 0.02);
  const bodyTop = bottom(rule) + r(H * 0.022);
  const body: Box = {
    x: margin,
    y: bodyTop,
    width: W - 2 * margin - (withQr ? qrSize + qrGap : 0),
    height: band.y - r(H * 0.015) - bodyTop,
  };
  const fit = { maxCharsPerLine: video.maxCharsPerLine, maxLinesPerPage: video.maxLinesPerPage };
  // The profile's type size, unless its page of text would not fit the body box.
  const bodyFontPx = Math.min(video.fontSizePx, Math.floor(body.width / fit.maxCharsPerLine), Math.floor(body.height / (fit.maxLinesPerPage * 1.3)));
  const bodyLineHeightPx = Math.min(r(bodyFontPx * 1.4), Math.floor(body.height / fit.maxLinesPerPage));
  return {
    template: 'slides',
    width: W,
    height: H,
    margin,
    header,
    headerFontPx: r(header.height * 0.45),
    dateFontPx: r(header.height * 0.38),
    accent,
    title,
    titleFontPx,
    titleLineHeightPx,
    titleMaxLines,
    rule,
    body,
    bodyFontPx,
    bodyLineHeightPx,
    fit,
    band,
    subtitle,
    subtitleFontPx,
    subtitleLineHeightPx: r(subtitleFontPx * 1.2),
    subtitleFit: { maxCharsPerLine: Math.floor(subtitle.width / subtitleFontPx), maxLinesPerPage: SUBTITLE_LINES },
    pageNumberFontPx,
    qr: withQr ? { x: W - margin - qrSize, y: bodyTop, width: qrSize, height: qrSize, captionFontPx: r(qrSize * 0.12) } : undefined,
  };
}

function compactLayout(video: VideoSpec): CompactLayout {
  const { width: W, height: H } = video;
  const r = Math.round;
  const header: Box = { x: 0, y: 0, width: W, height: r(H * 0.17) };
  const margin = r(W * 0.02);
  const pageTop = bottom(header) + r(H * 0.02);
  const page: Box = { x: margin, y: pageTop, width: W - 2 * margin, height: H - pageTop - r(H * 0.02) };
  const fit = { maxCharsPerLine: video.maxCharsPerLine, maxLinesPerPage: video.maxLinesPerPage };
  const fontPx = Math.min(video.fontSizePx, Math.floor(page.width / fit.maxCharsPerLine), Math.floor(page.height / (fit.maxLinesPerPage * 1.1)));
  return {
    template: 'compact',
    width: W,
    height: H,
    header,
    headerFontPx: r(header.height * 0.6),
    page,
    fontPx,
    lineHeightPx: Math.min(r(fontPx * 1.25), Math.floor(page.height / fit.maxLinesPerPage)),
    fit,
    departmentFontPx: r(fontPx * 0.6),
  };
}

function tickerLayout(video: VideoSpec): TickerLayout {
  const { width: W, height: H } = video;
  const r = Math.round;
  const badge: Box = { x: 0, y: 0, width: r(H * 2.3), height: H };
  const scrollX = badge.width + r(H * 0.12);
  const scroll: Box = { x: scrollX, y: 0, width: W - scrollX, height: H };
  return {
    template: 'ticker',
    width: W,
    height: H,
    badge,
    badgeFontPx: r(H * 0.5),
    scroll,
    fontPx: Math.min(video.fontSizePx, r(H * 0.8)),
    readingX: scroll.x + r(scroll.width * 0.2),
  };
}

function bottom(box: Box): number {
  return box.y + box.height;
}
