import { wrapText } from './text-layout';

/** A piece of display text and when it is spoken, in ms from the start of the segment. */
export interface TimedText {
  text: string;
  startMs: number;
  endMs: number;
  /** Starts a paragraph of its own on a new line (a question, an answer) instead of running on. */
  newParagraph?: boolean;
  /** Drawn emphasised (a question); it applies to the whole paragraph the text starts. */
  emphasis?: boolean;
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
  /** Per line, whether it belongs to an emphasised paragraph; absent when none of the page's lines does. */
  emphasis?: boolean[];
}

/** Subtitles stay up through pauses up to this long, so the band does not flicker between sentences. */
const SUBTITLE_BRIDGE_MS = 1000;

interface Paragraph {
  text: string;
  emphasis: boolean;
}

interface Draft {
  paragraphs: Paragraph[];
  lines: string[];
  emphasis: boolean[];
  speechStartMs: number;
  speechEndMs: number;
}

/**
 * Lays sentences out on pages of at most `maxLinesPerPage` lines. Sentences run on within a paragraph; a new
 * paragraph starts on a new line. A sentence is never split across pages unless it alone needs more than one
 * page; its pieces then share its time in proportion to their length. Pages are contiguous over `span`
 * (default: first sentence start to last sentence end) and each switches to the next when the last sentence
 * on it has been spoken, so every page is on screen while it is read.
 */
export function paginate(sentences: TimedText[], fit: PageFit, span?: { startMs: number; endMs: number }): Page[] {
  checkFit(fit);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  const draft = (paragraphs: Paragraph[], speechStartMs: number, speechEndMs: number): Draft => {
    const laid = paragraphs.map((p) => wrapText(p.text, fit.maxCharsPerLine).map((line) => ({ line, emphasis: p.emphasis })));
    return { paragraphs, lines: laid.flat().map((l) => l.line), emphasis: laid.flat().map((l) => l.emphasis), speechStartMs, speechEndMs };
  };
  for (const sentence of sentences) {
    const own: Paragraph = { text: sentence.text, emphasis: sentence.emphasis ?? false };
    if (current) {
      const last = current.paragraphs[current.paragraphs.length - 1];
      const paragraphs = sentence.newParagraph
        ? [...current.paragraphs, own]
        : [...current.paragraphs.slice(0, -1), { ...last, text: joinText(last.text, sentence.text) }];
      const next = draft(paragraphs, current.speechStartMs, sentence.endMs);
      if (next.lines.length <= fit.maxLinesPerPage) {
        current = next;
        continue;
      }
      drafts.push(current);
      current = undefined;
    }
    const alone = draft([own], sentence.startMs, sentence.endMs);
    if (alone.lines.length <= fit.maxLinesPerPage) {
      current = alone;
    } else {
      for (const piece of splitTimed(sentence, fit)) {
        drafts.push({ paragraphs: [], lines: piece.lines, emphasis: piece.lines.map(() => own.emphasis), speechStartMs: piece.startMs, speechEndMs: piece.endMs });
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
    ...(d.emphasis.some(Boolean) ? { emphasis: d.emphasis } : {}),
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
