/**
 * The ASS documents that draw a whole video segment (bars, header, title, paged body, subtitles, ticker) over
 * a plain background. User text goes through `escapeAssText`; everything else is numbers and our own colours.
 * Sizes in layouts are em sizes in pixels; they become ASS font sizes here, per face.
 */
import { AssEvent, AssOverride, assOverride, assRect, AssStyle, buildAssDocument, escapeAssText } from '../../subtitles/ass';
import { paginate, Page, subtitleCues, TimedText } from './paginate';
import { limitLines, slideText, textWidth, wrapText } from './text-layout';
import { CompactLayout, SlidesLayout, TickerLayout, VideoLayout } from './video-layout';

export interface SegmentContent {
  /** E.g. 通知公告. */
  kindLabel: string;
  department: string;
  /** 解读人 of a policy interpretation, shown with the department. */
  interpreter?: string;
  /** As displayed, e.g. 2026年11月23日. */
  date: string;
  title: string;
  /** Display text of each spoken sentence with its timing. */
  titleSentences: TimedText[];
  /** Body sentences: a notice's text runs on; questions and answers each start a paragraph, questions emphasised. */
  bodySentences: TimedText[];
  durationMs: number;
}

export interface SegmentFace {
  /** Name libass matches. */
  name: string;
  /** ASS font size per px of em (see CjkFace). */
  sizePerEm: number;
}

export interface SegmentFonts {
  regular: SegmentFace;
  bold: SegmentFace;
}

export interface SegmentScene {
  ass: string;
  /** Times at which the picture changes (slides only; a ticker changes every frame). */
  changesMs: number[];
}

/** A government-notice look: red header bar, white page (TV); light on black for LED, which glares on white. */
export const SEGMENT_COLOURS = {
  slides: {
    background: '#FFFFFF',
    header: '#A61B1B',
    accent: '#E3B341',
    kind: '#FFE08A',
    headerText: '#FFFFFF',
    title: '#8E1B1B',
    rule: '#A61B1B',
    body: '#222222',
    question: '#1F4E8C',
    band: '#1F3553',
    subtitle: '#FFFFFF',
    pageNumber: '#AFC0D8',
    caption: '#555555',
  },
  led: {
    background: '#000000',
    header: '#B71C1C',
    kind: '#FFD54F',
    headerText: '#FFFFFF',
    title: '#FFD54F',
    body: '#FFFFFF',
    question: '#80D8FF',
    department: '#BDBDBD',
  },
} as const;

export const QR_CAPTION = '扫码查看原文';
export const INTERPRETER_LABEL = '解读人：';

/** Static parts stay up a little past the end; the encoder cuts the video at the speech's length. */
const HOLD_MS = 1000;
const STYLE = { regular: 'R', bold: 'B' } as const;
type Face = keyof typeof STYLE;
/** Builds one event's style and text: tags (with the em size turned into this face's ASS size) + markup. */
type Paint = (face: Face, tags: AssOverride & { em?: number }, markup: string) => { style: string; text: string };

export function backgroundColour(layout: VideoLayout): string {
  return layout.template === 'slides' ? SEGMENT_COLOURS.slides.background : SEGMENT_COLOURS.led.background;
}

/** The ASS document of a segment plus its change times; slide timings snap to the frame grid of `fps`. */
export function buildSegmentScene(content: SegmentContent, layout: VideoLayout, fonts: SegmentFonts, fps: number): SegmentScene {
  if (layout.template === 'ticker') return { ass: buildTickerAss(content, layout, fonts), changesMs: [] };
  const events = slideEvents(content, layout, fonts, fps);
  const changes = new Set(events.flatMap((e) => [e.startMs, e.endMs]));
  return { ass: slidesDocument(layout, fonts, events), changesMs: [...changes].sort((a, b) => a - b) };
}

/** Paged slides: hall TV (with subtitles and QR caption) or small LED panel (title pages, then body pages). */
export function buildSlidesAss(content: SegmentContent, layout: SlidesLayout | CompactLayout, fonts: SegmentFonts, fps: number): string {
  return slidesDocument(layout, fonts, slideEvents(content, layout, fonts, fps));
}

/** The strip ticker; it moves every frame, so its timing is not snapped. */
export function buildTickerAss(content: SegmentContent, layout: TickerLayout, fonts: SegmentFonts): string {
  return buildAssDocument({ width: layout.width, height: layout.height, styles: styles(fonts), events: tickerEvents(content, layout, painter(fonts)) });
}

function slideEvents(content: SegmentContent, layout: SlidesLayout | CompactLayout, fonts: SegmentFonts, fps: number): AssEvent[] {
  if (!(fps > 0)) throw new RangeError(`invalid frame rate ${fps}`);
  const frameMs = 1000 / fps;
  const snap = (ms: number): number => Math.round(Math.round(ms / frameMs) * frameMs);
  const paint = painter(fonts);
  const events = layout.template === 'slides' ? tvEvents(content, layout, paint) : compactEvents(content, layout, paint);
  return events.map((e) => ({ ...e, startMs: snap(e.startMs), endMs: snap(e.endMs) })).filter((e) => e.endMs > e.startMs);
}

function slidesDocument(layout: VideoLayout, fonts: SegmentFonts, events: AssEvent[]): string {
  return buildAssDocument({ width: layout.width, height: layout.height, styles: styles(fonts), events });
}

function styles(fonts: SegmentFonts): AssStyle[] {
  return [
    { name: STYLE.regular, fontName: fonts.regular.name, fontSize: 40, colour: '#FFFFFF' },
    { name: STYLE.bold, fontName: fonts.bold.name, fontSize: 40, colour: '#FFFFFF', bold: true },
  ];
}

function painter(fonts: SegmentFonts): Paint {
  return (face, { em, ...tags }, markup) => ({
    style: STYLE[face],
    text: assOverride({ ...tags, fontSize: em === undefined ? undefined : em * fonts[face].sizePerEm }) + markup,
  });
}

function tvEvents(content: SegmentContent, l: SlidesLayout, paint: Paint): AssEvent[] {
  const c = SEGMENT_COLOURS.slides;
  const end = content.durationMs + HOLD_MS;
  const always = (e: { style: string; text: string }, layer = 1): AssEvent => ({ startMs: 0, endMs: end, layer, ...e });
  const shape = (text: string): AssEvent => ({ startMs: 0, endMs: end, layer: 0, style: STYLE.regular, text });
  const events: AssEvent[] = [
    shape(assRect(l.header.x, l.header.y, l.header.width, l.header.height, c.header)),
    shape(assRect(l.accent.x, l.accent.y, l.accent.width, l.accent.height, c.accent)),
    shape(assRect(l.rule.x, l.rule.y, l.rule.width, l.rule.height, c.rule)),
    shape(assRect(l.band.x, l.band.y, l.band.width, l.band.height, c.band)),
  ];

  // Header: kind and department on the left, date on the right.
  const headerMid = l.header.y + l.header.height / 2;
  const date = slideText(content.date);
  const kind = slideText(content.kindLabel);
  const headerEm = (l.width - 2 * l.margin) / l.headerFontPx;
  const departmentEm = headerEm - textWidth(kind) - 1 - (textWidth(date) * l.dateFontPx) / l.headerFontPx - 1;
  const department = oneLine(byline(content), departmentEm);
  events.push(
    always(
      paint(
        'bold',
        { align: 4, pos: [l.margin, headerMid], em: l.headerFontPx, colour: c.kind },
        escapeAssText(kind) + assOverride({ colour: c.headerText }) + escapeAssText(department ? `　${department}` : ''),
      ),
    ),
    always(paint('regular', { align: 6, pos: [l.width - l.margin, headerMid], em: l.dateFontPx, colour: c.headerText }, escapeAssText(date))),
  );

  // Title: up to two centred lines, vertically centred in its box.
  const titleEm = Math.floor(l.title.width / l.titleFontPx);
  const titleLines = limitLines(wrapText(slideText(content.title), titleEm), l.titleMaxLines, titleEm);
  const titleTop = l.title.y + ((l.titleMaxLines - titleLines.length) * l.titleLineHeightPx) / 2;
  titleLines.forEach((line, i) => {
    const at: [number, number] = [l.width / 2, titleTop + i * l.titleLineHeightPx];
    events.push(always(paint('bold', { align: 8, pos: at, em: l.titleFontPx, colour: c.title }, escapeAssText(line))));
  });

  // Body pages, with "n/N" in the band when there is more than one.
  const pages = paginate(displayed(content.bodySentences), l.fit, { startMs: 0, endMs: end });
  const bandMid = l.band.y + l.band.height / 2;
  pages.forEach((page, k) => {
    page.lines.forEach((line, i) => {
      const at: [number, number] = [l.body.x, l.body.y + i * l.bodyLineHeightPx];
      const emphasised = page.emphasis?.[i] ?? false;
      const tags = { align: 7, pos: at, em: l.bodyFontPx, colour: emphasised ? c.question : c.body };
      events.push(timed(page, paint(emphasised ? 'bold' : 'regular', tags, escapeAssText(line))));
    });
    if (pages.length > 1) {
      const at: [number, number] = [l.width - l.margin, bandMid];
      events.push(timed(page, paint('regular', { align: 6, pos: at, em: l.pageNumberFontPx, colour: c.pageNumber }, `${k + 1}/${pages.length}`)));
    }
  });

  // Subtitles: the sentence being spoken, centred in the band.
  for (const cue of subtitleCues(displayed([...content.titleSentences, ...content.bodySentences]), l.subtitleFit)) {
    cue.lines.forEach((line, i) => {
      const y = bandMid + (i - (cue.lines.length - 1) / 2) * l.subtitleLineHeightPx;
      const tags = { align: 5, pos: [l.width / 2, y] as [number, number], em: l.subtitleFontPx, colour: c.subtitle };
      events.push(timed(cue, paint('regular', tags, escapeAssText(line)), 2));
    });
  }

  if (l.qr) {
    const at: [number, number] = [l.qr.x + l.qr.width / 2, l.qr.y + l.qr.height + Math.round(l.qr.captionFontPx * 0.4)];
    events.push(always(paint('regular', { align: 8, pos: at, em: l.qr.captionFontPx, colour: c.caption }, escapeAssText(QR_CAPTION))));
  }
  return events;
}

function compactEvents(content: SegmentContent, l: CompactLayout, paint: Paint): AssEvent[] {
  const c = SEGMENT_COLOURS.led;
  const end = content.durationMs + HOLD_MS;
  const margin = l.page.x;
  const headerMid = l.header.height / 2;
  const always = (e: { style: string; text: string }): AssEvent => ({ startMs: 0, endMs: end, layer: 1, ...e });
  const events: AssEvent[] = [
    { startMs: 0, endMs: end, layer: 0, style: STYLE.regular, text: assRect(0, 0, l.header.width, l.header.height, c.header) },
    always(paint('bold', { align: 4, pos: [margin, headerMid], em: l.headerFontPx, colour: c.kind }, escapeAssText(slideText(content.kindLabel)))),
    always(
      paint('regular', { align: 6, pos: [l.width - margin, headerMid], em: l.headerFontPx, colour: c.headerText }, escapeAssText(slideText(content.date))),
    ),
  ];

  // Title pages first (the department under the title when there is room), then body pages; each group
  // hands over to the next when its last sentence has been spoken.
  const title = displayed(content.titleSentences);
  const body = displayed(content.bodySentences);
  const handover = title.length > 0 && body.length > 0 ? title[title.length - 1].endMs : end;
  const titlePages = paginate(title, l.fit, { startMs: 0, endMs: handover });
  const bodyPages = paginate(body, l.fit, { startMs: title.length > 0 ? handover : 0, endMs: end });
  const x = l.page.x + Math.max(0, (l.page.width - l.fit.maxCharsPerLine * l.fontPx) / 2);
  const lineTop = (i: number): number => l.page.y + i * l.lineHeightPx;
  const addPage = (page: Page, face: Face, colour: string): void => {
    page.lines.forEach((line, i) => {
      const emphasised = page.emphasis?.[i] ?? false;
      const tags = { align: 7, pos: [x, lineTop(i)] as [number, number], em: l.fontPx, colour: emphasised ? c.question : colour };
      events.push(timed(page, paint(emphasised ? 'bold' : face, tags, escapeAssText(line))));
    });
  };
  titlePages.forEach((page) => addPage(page, 'bold', c.title));
  const lastTitle = titlePages[titlePages.length - 1];
  if (lastTitle && lastTitle.lines.length < l.fit.maxLinesPerPage) {
    const department = oneLine(byline(content), (l.fit.maxCharsPerLine * l.fontPx) / l.departmentFontPx);
    const at: [number, number] = [x, lineTop(lastTitle.lines.length) + (l.lineHeightPx - l.departmentFontPx) / 2];
    events.push(timed(lastTitle, paint('regular', { align: 7, pos: at, em: l.departmentFontPx, colour: c.department }, escapeAssText(department))));
  }
  bodyPages.forEach((page) => addPage(page, 'regular', c.body));
  return events;
}

function tickerEvents(content: SegmentContent, l: TickerLayout, paint: Paint): AssEvent[] {
  const c = SEGMENT_COLOURS.led;
  const end = content.durationMs + HOLD_MS;
  const mid = l.height / 2;
  const events: AssEvent[] = [
    { startMs: 0, endMs: end, layer: 0, style: STYLE.regular, text: assRect(l.badge.x, l.badge.y, l.badge.width, l.badge.height, c.header) },
    {
      startMs: 0,
      endMs: end,
      layer: 1,
      ...paint('bold', { align: 5, pos: [l.badge.width / 2, mid], em: l.badgeFontPx, colour: c.kind }, escapeAssText(slideText(content.kindLabel))),
    },
  ];

  // One line: title, body, then the issuing department and date, cut into pieces (one per sentence) that are
  // drawn only while on screen: libass lays out every visible event each frame, and a whole notice on one
  // line made that the slowest part of the encode.
  const title = displayed(content.titleSentences);
  const body = displayed(content.bodySentences);
  const pieces: Array<{ markup: string; offsetPx: number; widthPx: number }> = [];
  const anchors: Array<{ offsetPx: number; atMs: number }> = [];
  let lineEm = 0;
  const append = (text: string, colour: string, atMs?: number): void => {
    // Whole pixels, so each sentence lands exactly on the reading point.
    const offsetPx = Math.round(lineEm * l.fontPx);
    if (atMs !== undefined) anchors.push({ offsetPx, atMs });
    lineEm += textWidth(text);
    if (text.trim()) {
      pieces.push({ markup: assOverride({ colour }) + escapeAssText(text), offsetPx, widthPx: Math.round(lineEm * l.fontPx) - offsetPx });
    }
  };
  const gap = '　　';
  title.forEach((s) => append(s.text, c.title, s.startMs));
  if (title.length > 0) append(gap, c.body);
  body.forEach((s) => append(s.text, s.emphasis ? c.question : c.body, s.startMs));
  append(`${gap}——${slideText(byline(content))}　${slideText(content.date)}`, c.department);
  const linePx = lineEm * l.fontPx;

  // Keyframes of the line's left edge: it enters from the right, each sentence reaches the reading point as
  // it starts to be spoken, and the signature is fully in view at the end. It never moves backwards.
  const keyframes = [
    { atMs: 0, x: l.width },
    ...anchors.map((a) => ({ atMs: a.atMs, x: l.readingX - a.offsetPx })),
    { atMs: content.durationMs, x: l.width - l.height * 0.2 - linePx },
  ];
  const clip: [number, number, number, number] = [l.scroll.x, 0, l.width, l.height];
  // A piece moving left from line position x1 to x2 is on screen at some moment if it is still right of the
  // scroll area's left edge at x1 and already left of the screen's right edge at x2.
  const onScreen = (piece: (typeof pieces)[number], x1: number, x2: number): boolean =>
    x1 + piece.offsetPx + piece.widthPx > l.scroll.x && x2 + piece.offsetPx < l.width;
  let from = keyframes[0];
  for (const k of keyframes.slice(1)) {
    // ASS times are centiseconds; rounding both ends the same way keeps consecutive moves continuous.
    const to = { atMs: Math.round(k.atMs / 10) * 10, x: Math.round(Math.min(k.x, from.x)) };
    if (to.atMs <= from.atMs) continue;
    for (const piece of pieces.filter((p) => onScreen(p, from.x, to.x))) {
      const move: [number, number, number, number] = [from.x + piece.offsetPx, mid, to.x + piece.offsetPx, mid];
      events.push({ startMs: from.atMs, endMs: to.atMs, layer: 1, ...paint('regular', { align: 4, move, clip, em: l.fontPx }, piece.markup) });
    }
    from = to;
  }
  const holdUntil = Math.max(end, from.atMs + HOLD_MS);
  for (const piece of pieces.filter((p) => onScreen(p, from.x, from.x))) {
    const tags = { align: 4, pos: [from.x + piece.offsetPx, mid] as [number, number], clip, em: l.fontPx };
    events.push({ startMs: from.atMs, endMs: holdUntil, layer: 1, ...paint('regular', tags, piece.markup) });
  }
  return events;
}

function timed(span: { startMs: number; endMs: number }, e: { style: string; text: string }, layer = 1): AssEvent {
  return { startMs: span.startMs, endMs: span.endMs, layer, ...e };
}

/** Display form of spoken sentences: what the font can draw, on one line. */
function displayed(sentences: TimedText[]): TimedText[] {
  return sentences.map((s) => ({ ...s, text: slideText(s.text) })).filter((s) => s.text.length > 0);
}

/** The issuing department, followed by the interpreter of an interpretation (slide text collapses blanks to one space). */
function byline(content: SegmentContent): string {
  const interpreter = content.interpreter === undefined ? '' : slideText(content.interpreter);
  return interpreter ? `${content.department} ${INTERPRETER_LABEL}${interpreter}` : content.department;
}

/** The text on one line of `maxEm`, shortened with an ellipsis when needed; '' when nothing fits. */
function oneLine(text: string, maxEm: number): string {
  const em = Math.floor(maxEm);
  return em >= 1 ? (limitLines(wrapText(slideText(text), em), 1, em)[0] ?? '') : '';
}
