/**
 * First step for any text on its way to TTS, subtitles or slides: one kind of line break (\n), no control
 * or invisible formatting characters (they make TTS engines stall or read garbage), no broken UTF-16.
 */
export function sanitizeText(text: string): string {
  return text
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ') // a tab separates words, so it becomes a space rather than vanishing
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
