export { normaliseForSpeech } from './normalise-zh';
export { numberToChinese, digitsToChinese } from './number-to-chinese';
export { sanitizeText } from './sanitize-text';
export { splitSentences, type SplitOptions } from './split-sentences';
