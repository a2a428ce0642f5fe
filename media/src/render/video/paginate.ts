import { wrapText } from './text-layout';

/** A piece of display text and when it is spoken, in ms from the start of the segment. */
export interface TimedText {
  text: string;
  startMs: number;
  endMs: number;
}

/** How much text fits on one page (the device profile's figures). */
export interface PageFit {
  maxCharsPerLine: number;
  maxLinesPerPage: number;
}

export interface Page {
  lines: string[];
  startMs: number;
  endMs: number;
}

/** Subtitles stay up through pauses up to this long, so the band does not flicker between sentences. */
const SUBTITLE_BRIDGE_MS = 1000;

interface Draft {
  text: string;
  lines: string[];
  speechStartMs: number;
  speechEndMs: number;
}

/**
 * Lays sentences out on pages of at most `maxLinesPerPage` lines. A sentence is never split across pages
 * unless it alone needs more than one page; its pieces then share its time in proportion to their length.
 * Pages are contiguous over `span` (default: first sentence start to last sentence end) and each switches to
 * the next when the last sentence on it has been spoken, so every page is on screen while it is read.
 */
export function paginate(sentences: TimedText[], fit: PageFit, span?: { startMs: number; endMs: number }): Page[] {
  checkFit(fit);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  for (const sentence of sentences) {
    if (current) {
      const text = joinText(current.text, sentence.text);
      const lines = wrapText(text, fit.maxCharsPerLine);
      if (lines.length <= fit.maxLinesPerPage) {
        current = { text, lines, speechStartMs: current.speechStartMs, speechEndMs: sentence.endMs };
        continue;
      }
      drafts.push(current);
      current = undefined;
    }
    const lines = wrapText(sentence.text, fit.maxCharsPerLine);
    if (lines.length <= fit.maxLinesPerPage) {
      current = { text: sentence.text, lines, speechStartMs: sentence.startMs, speechEndMs: sentence.endMs };
    } else {
      for (const piece of splitTimed(sentence, fit)) {
        drafts.push({ text: '', lines: piece.lines, speechStartMs: piece.startMs, speechEndMs: piece.endMs });
      }
    }
  }
  if (current) drafts.push(current);
  if (drafts.length === 0) return [];
  const startMs = span?.startMs ?? drafts[0].speechStartMs;
  const endMs = span?.endMs ?? drafts[drafts.length - 1].speechEndMs;
  return drafts.map((d, i) => ({
    lines: d.lines,
    startMs: i === 0 ? startMs : drafts[i - 1].speechEndMs,
    endMs: i === drafts.length - 1 ? endMs : d.speechEndMs,
  }));
}

/**
 * One timed text cut into pieces of at most `maxLinesPerPage` wrapped lines; each piece gets a share of the
 * text's time proportional to its length, so the pieces follow the speech.
 */
export function splitTimed(item: TimedText, fit: PageFit): Page[] {
  checkFit(fit);
  const lines = wrapText(item.text, fit.maxCharsPerLine);
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += fit.maxLinesPerPage) chunks.push(lines.slice(i, i + fit.maxLinesPerPage));
  const lengths = chunks.map((chunk) => Array.from(chunk.join('')).length);
  const total = lengths.reduce((a, b) => a + b, 0);
  const span = item.endMs - item.startMs;
  let done = 0;
  return chunks.map((chunk, i) => {
    const startMs = item.startMs + Math.round((span * done) / total);
    done += lengths[i];
    const endMs = i === chunks.length - 1 ? item.endMs : item.startMs + Math.round((span * done) / total);
    return { lines: chunk, startMs, endMs };
  });
}

/** One cue per sentence (or per piece of a long one), kept up through short pauses. */
export function subtitleCues(sentences: TimedText[], fit: PageFit): Page[] {
  const cues = sentences.flatMap((s) => splitTimed(s, fit));
  return cues.map((cue, i) => {
    const next = cues[i + 1];
    const bridged = next !== undefined && next.startMs - cue.endMs <= SUBTITLE_BRIDGE_MS;
    return bridged ? { ...cue, endMs: next.startMs } : cue;
  });
}

/** Sentences run on within a page; only two Latin words need a space between them. */
function joinText(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

function checkFit(fit: PageFit): void {
  if (!Number.isInteger(fit.maxCharsPerLine) || fit.maxCharsPerLine < 1 || !Number.isInteger(fit.maxLinesPerPage) || fit.maxLinesPerPage < 1) {
    throw new RangeError(`invalid page fit ${fit.maxCharsPerLine}×${fit.maxLinesPerPage}`);
  }
}
