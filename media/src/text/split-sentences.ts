/**
 * Splits text into sentences for per-sentence synthesis (exact timings for subtitles and slide paging).
 * A single linear scan over code points: no backtracking regex, and emoji are never cut in half.
 */
import { sanitizeText } from './sanitize-text';

export interface SplitOptions {
  /** Longest piece, in characters (code points); longer sentences are split at commas, then hard. Default 60. */
  readonly maxChars?: number;
}

const DEFAULT_MAX_CHARS = 60;
const TERMINATORS = new Set(['。', '！', '？', '；', '!', '?', ';', '…']);
/** Western terminators glued to an ASCII letter or digit are part of a token (a URL's ?, "Yahoo!x"), not an end. */
const ASCII_TERMINATORS = new Set(['!', '?', ';']);
/** Closing quotes and brackets after a terminator belong to the sentence it ends (。” stays together). */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '】', '》', '〉', '〕', ']', '"', "'"]);
const SOFT_BREAKS = new Set(['，', '、', ',', '：', ':']);
/** These marks sit inside numbers (1,200 and 15:30) and must not become break points there. */
const NUMERIC_SEPARATORS = new Set([',', ':', '：']);
const DIGIT = /^[0-9０-９]$/;
const WORD_CHAR = /^[A-Za-z0-9.]$/;
const SPEAKABLE = /[\p{L}\p{N}]/u;

export function splitSentences(text: string, opts: SplitOptions = {}): string[] {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new RangeError(`splitSentences: maxChars must be a positive integer, got ${maxChars}`);
  }
  const out: string[] = [];
  for (const sentence of splitAtTerminators(Array.from(sanitizeText(text)))) {
    for (const piece of limitLength(sentence, maxChars)) {
      const trimmed = piece.join('').trim();
      // A piece with nothing to say (only punctuation or emoji) would only produce silence.
      if (SPEAKABLE.test(trimmed)) out.push(trimmed);
    }
  }
  return out;
}

function splitAtTerminators(chars: readonly string[]): string[][] {
  const sentences: string[][] = [];
  let start = 0;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\n') {
      sentences.push(chars.slice(start, i));
      start = i + 1;
    } else if (endsSentence(chars, i)) {
      let end = i + 1;
      while (end < chars.length && (TERMINATORS.has(chars[end]) || CLOSERS.has(chars[end]))) end++;
      sentences.push(chars.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  sentences.push(chars.slice(start));
  return sentences;
}

function endsSentence(chars: readonly string[], i: number): boolean {
  if (!TERMINATORS.has(chars[i])) return false;
  if (!ASCII_TERMINATORS.has(chars[i])) return true;
  const next = chars[i + 1];
  return next === undefined || !WORD_CHAR.test(next);
}

function limitLength(sentence: string[], maxChars: number): string[][] {
  if (sentence.length <= maxChars) return [sentence];
  const pieces: string[][] = [];
  let current: string[] = [];
  for (const clause of splitAtSoftBreaks(sentence)) {
    if (current.length + clause.length <= maxChars) {
      current = current.concat(clause);
      continue;
    }
    if (current.length > 0) pieces.push(current);
    current = [];
    if (clause.length <= maxChars) current = clause;
    else pieces.push(...hardSplit(clause, maxChars));
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

function splitAtSoftBreaks(chars: readonly string[]): string[][] {
  const clauses: string[][] = [];
  let start = 0;
  for (let i = 0; i < chars.length; i++) {
    if (!SOFT_BREAKS.has(chars[i])) continue;
    const insideNumber =
      NUMERIC_SEPARATORS.has(chars[i]) && DIGIT.test(chars[i - 1] ?? '') && DIGIT.test(chars[i + 1] ?? '');
    if (insideNumber) continue;
    clauses.push(chars.slice(start, i + 1));
    start = i + 1;
  }
  if (start < chars.length) clauses.push(chars.slice(start));
  return clauses;
}

/** Last resort; backs off so a Latin word or a number is not cut in two (2021 split as 20|21 would be misread). */
function hardSplit(chars: readonly string[], maxChars: number): string[][] {
  const pieces: string[][] = [];
  let start = 0;
  while (chars.length - start > maxChars) {
    let cut = start + maxChars;
    while (cut > start && WORD_CHAR.test(chars[cut - 1]) && WORD_CHAR.test(chars[cut])) cut--;
    if (cut === start) cut = start + maxChars;
    pieces.push(chars.slice(start, cut));
    start = cut;
  }
  pieces.push(chars.slice(start));
  return pieces;
}
