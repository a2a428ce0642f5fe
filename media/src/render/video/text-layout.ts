/**
 * Line breaking for Chinese slides, measured in em (one CJK character = 1). Pure; no font metrics: Latin in
 * the CJK font is proportional, so it is counted at a safe average width.
 */

/** Average advance of Latin letters, digits and ASCII punctuation in the CJK font, in em. */
const LATIN_EM = 0.6;
/** Closing punctuation never starts a line (禁则): it is pushed down together with the character before it. */
const NO_LINE_START = new Set(Array.from('，。、；：！？）》」』】〕〉〗”’…—·％‰,.;:!?)]}%'));
/** Opening punctuation never ends a line. */
const NO_LINE_END = new Set(Array.from('（《「『【〔〈〖“‘([{'));
const ASCII_GRAPHIC = /^[\x21-\x7E]$/;
const LATIN = /^[\x20-\x7E\u00A0-\u024F]$/;
/** Emoji the CJK font cannot draw (they would show as empty boxes), with their joiners, selectors and modifiers. */
const UNDRAWABLE =
  /\p{Emoji_Presentation}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\u200D\u20E3\uFE0E\uFE0F]/gu;

/** Width of one character (code point) in em. */
export function charWidth(ch: string): number {
  return LATIN.test(ch) ? LATIN_EM : 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** Removes what the shipped CJK font has no glyph for, so slides never show empty boxes. */
export function stripUndrawable(text: string): string {
  return text.replace(UNDRAWABLE, '');
}

/** Slide text: one paragraph, undrawable characters removed, runs of blanks collapsed. */
export function slideText(text: string): string {
  return stripUndrawable(text).replace(/\s+/g, ' ').trim();
}

/**
 * Greedy line breaking within `maxWidth` em: breaks anywhere between CJK characters, never inside a run of
 * ASCII (a number, a word, a URL) unless the run alone is wider than a line, and never before closing or after
 * opening punctuation. No line is wider than `maxWidth`.
 */
export function wrapText(text: string, maxWidth: number): string[] {
  if (!(maxWidth >= 1)) throw new RangeError(`maxWidth must be at least 1 em, got ${maxWidth}`);
  const lines: string[] = [];
  let line = '';
  let width = 0;
  const flush = (): void => {
    const trimmed = line.trim();
    if (trimmed) lines.push(trimmed);
    line = '';
    width = 0;
  };
  for (const unit of breakUnits(text)) {
    const w = textWidth(unit);
    if (width + w <= maxWidth + 1e-9) {
      if (line || unit !== ' ') {
        line += unit;
        width += w;
      }
      continue;
    }
    flush();
    if (unit === ' ') continue;
    if (w <= maxWidth + 1e-9) {
      line = unit;
      width = w;
      continue;
    }
    for (const ch of unit) {
      const cw = charWidth(ch);
      if (width + cw > maxWidth + 1e-9) {
        // Even when cutting a run, closing punctuation takes the character before it along.
        const kept = Array.from(line);
        const carry = NO_LINE_START.has(ch) && kept.length > 1 ? (kept.pop() ?? '') : '';
        line = kept.join('');
        flush();
        line = carry;
        width = textWidth(carry);
      }
      line += ch;
      width += cw;
    }
  }
  flush();
  return lines;
}

/** At most `maxLines` lines; when text was cut, the last line ends with an ellipsis. */
export function limitLines(lines: string[], maxLines: number, maxWidth: number): string[] {
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = Array.from(kept[maxLines - 1]);
  while (last.length > 0 && textWidth(last.join('')) + 1 > maxWidth + 1e-9) last.pop();
  kept[maxLines - 1] = `${last.join('')}…`;
  return kept;
}

/** Pieces that stay on one line: a CJK character with its attached punctuation, an ASCII run, or a space. */
function breakUnits(text: string): string[] {
  const chars = Array.from(text);
  const units: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let unit = chars[i];
    i++;
    if (ASCII_GRAPHIC.test(unit)) {
      while (i < chars.length && ASCII_GRAPHIC.test(chars[i])) unit += chars[i++];
    } else if (/\s/.test(unit)) {
      unit = ' ';
    }
    const previous = units[units.length - 1];
    const glue =
      previous !== undefined &&
      previous !== ' ' &&
      unit !== ' ' &&
      (NO_LINE_START.has(Array.from(unit)[0]) || NO_LINE_END.has(Array.from(previous).pop() ?? ''));
    if (glue) units[units.length - 1] = previous + unit;
    else units.push(unit);
  }
  return units;
}
