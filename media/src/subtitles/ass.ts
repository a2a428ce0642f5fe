/**
 * A minimal ASS (Advanced SubStation Alpha v4+) document generator for libass. Callers build event text from
 * the tag helpers below plus `escapeAssText(userText)`: user text is never trusted to be free of markup.
 */
import { sanitizeText } from '../text/sanitize-text';

export interface AssStyle {
  name: string;
  fontName: string;
  fontSize: number;
  /** Text colour, '#RRGGBB'. */
  colour: string;
  bold?: boolean;
  /** Numpad position of the anchor (7 = top left, 5 = centre, 4 = middle left…); default 7. */
  alignment?: number;
}

export interface AssEvent {
  startMs: number;
  endMs: number;
  style: string;
  /** ASS markup: tags from this module and escaped text only. */
  text: string;
  /** Higher layers are drawn on top; default 0. */
  layer?: number;
}

export interface AssDocument {
  width: number;
  height: number;
  styles: AssStyle[];
  events: AssEvent[];
}

/** Word joiner: invisible and zero-width, it keeps a literal backslash from pairing with the next character. */
const WORD_JOINER = '\u2060';
/** Style and font names sit in comma-separated fields of one line. */
const SAFE_NAME = /^[A-Za-z0-9 _-]{1,64}$/;
const HEX_COLOUR = /^#([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})$/;

/**
 * Makes arbitrary text render literally in an ASS event. libass reads `{…}` as an override block anywhere,
 * and `\N`, `\n`, `\h`, `\{`, `\}` as escapes outside one. So braces become the `\{`/`\}` escapes, every
 * backslash is followed by a word joiner (it can then never start an escape, even next to markup the caller
 * appends), and line breaks, controls and broken surrogates are removed — an ASS event is one line of the file.
 */
export function escapeAssText(text: string): string {
  const clean = sanitizeText(text).replace(/\n/g, ' ');
  let out = '';
  for (const ch of clean) {
    if (ch === '{' || ch === '}') out += `\\${ch}`;
    else if (ch === '\\') out += `\\${WORD_JOINER}`;
    else out += ch;
  }
  return out;
}

/** ASS timestamp H:MM:SS.cc (centiseconds, rounded). */
export function assTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`invalid ASS time: ${ms}`);
  const cs = Math.round(ms / 10);
  const h = Math.floor(cs / 360_000);
  const m = Math.floor(cs / 6000) % 60;
  const s = Math.floor(cs / 100) % 60;
  const c = cs % 100;
  return `${h}:${pad2(m)}:${pad2(s)}.${pad2(c)}`;
}

/** '#RRGGBB' (and opacity 0–1) → ASS '&HAABBGGRR', whose alpha counts transparency. */
export function assColour(hex: string, opacity = 1): string {
  return `&H${alphaHex(opacity)}${bgr(hex)}`;
}

export interface AssOverride {
  /** Numpad anchor: 7 top left, 8 top centre, 5 centre, 4 middle left, 6 middle right… */
  align?: number;
  pos?: [number, number];
  /** Moves the anchor from [x1, y1] to [x2, y2] over the whole event. */
  move?: [number, number, number, number];
  /** Only this rectangle [x1, y1, x2, y2] is drawn. */
  clip?: [number, number, number, number];
  fontSize?: number;
  colour?: string;
}

/** One override block from numbers and colours we format ourselves (never from user text). */
export function assOverride(o: AssOverride): string {
  let tags = '';
  if (o.align !== undefined) tags += `\\an${alignment(o.align)}`;
  if (o.pos) tags += `\\pos(${o.pos.map(coord).join(',')})`;
  if (o.move) tags += `\\move(${o.move.map(coord).join(',')})`;
  if (o.clip) tags += `\\clip(${o.clip.map(coord).join(',')})`;
  if (o.fontSize !== undefined) tags += `\\fs${coord(o.fontSize)}`;
  if (o.colour !== undefined) tags += `\\c&H${bgr(o.colour)}&`;
  return tags ? `{${tags}}` : '';
}

/** A filled rectangle as an ASS vector drawing (no outline, no shadow), anchored at its top-left corner. */
export function assRect(x: number, y: number, width: number, height: number, hex: string, opacity = 1): string {
  const w = coord(width);
  const h = coord(height);
  return (
    `{\\an7\\pos(${coord(x)},${coord(y)})\\bord0\\shad0\\1c&H${bgr(hex)}&\\1a&H${alphaHex(opacity)}&\\p1}` +
    `m 0 0 l ${w} 0 ${w} ${h} 0 ${h}{\\p0}`
  );
}

/** The whole document; PlayRes equals the video size so every coordinate is in pixels. */
export function buildAssDocument(doc: AssDocument): string {
  for (const style of doc.styles) {
    if (!SAFE_NAME.test(style.name) || !SAFE_NAME.test(style.fontName)) {
      throw new RangeError(`unsafe ASS style or font name: ${style.name} / ${style.fontName}`);
    }
  }
  const known = new Set(doc.styles.map((s) => s.name));
  const lines = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${coord(doc.width)}`,
    `PlayResY: ${coord(doc.height)}`,
    // 2 = no automatic wrapping: every line break is laid out by us.
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    ...doc.styles.map(
      (s) =>
        `Style: ${s.name},${s.fontName},${coord(s.fontSize)},${assColour(s.colour)},${assColour(s.colour)},&H00000000,&H00000000,` +
        `${s.bold ? -1 : 0},0,0,0,100,100,0,0,1,0,0,${alignment(s.alignment ?? 7)},0,0,0,1`,
    ),
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...doc.events
      .filter((e) => e.endMs > e.startMs)
      .map((e) => {
        if (!known.has(e.style)) throw new RangeError(`unknown ASS style: ${e.style}`);
        if (/[\r\n]/.test(e.text)) throw new RangeError('ASS event text must be one line');
        return `Dialogue: ${e.layer ?? 0},${assTime(e.startMs)},${assTime(e.endMs)},${e.style},,0,0,0,,${e.text}`;
      }),
  ];
  return `${lines.join('\n')}\n`;
}

function alignment(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new RangeError(`ASS alignment must be 1–9, got ${n}`);
  return n;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** '#RRGGBB' → 'BBGGRR', the byte order of ASS colours. */
function bgr(hex: string): string {
  const m = HEX_COLOUR.exec(hex);
  if (!m) throw new RangeError(`not a #RRGGBB colour: ${hex}`);
  return `${m[3]}${m[2]}${m[1]}`.toUpperCase();
}

/** ASS alpha counts transparency: 00 opaque, FF invisible. */
function alphaHex(opacity: number): string {
  if (!(opacity >= 0 && opacity <= 1)) throw new RangeError(`opacity out of range: ${opacity}`);
  return Math.round((1 - opacity) * 255).toString(16).padStart(2, '0').toUpperCase();
}

/** Coordinates and sizes: finite numbers, at most two decimals. */
function coord(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return String(Math.round(n * 100) / 100);
}
