/**
 * What a rendition says, in order: one line per sentence with its role, the voice that reads it and the pause
 * before it. Notices and policy interpretations (政策解读) differ only here; synthesis, timing, mastering and
 * the video layout work on the lines.
 */
import { normaliseForSpeech, sanitizeText, splitSentences } from '../text';

/** How synthesis may be routed; not part of what a rendition sounds like, so never part of a render key. */
export interface SpeechRouting {
  /** When an online voice cannot be reached, the offline fallback voice may read instead (see FallbackTts). */
  allowFallback?: boolean;
}

/** A notice read by one voice: title, then body. */
export interface NoticeSpeech extends SpeechRouting {
  kind: 'notice';
  title: string;
  body: string;
  voiceId: string;
  /** 1.0 normal, 0.8 slower. */
  rate: number;
}

export interface QaPair {
  q: string;
  a: string;
}

/** A policy interpretation: title and interpreter (解读人), then question/answer pairs, each side in its own voice. */
export interface InterpretationSpeech extends SpeechRouting {
  kind: 'interpretation';
  title: string;
  interpreter: string;
  qa: QaPair[];
  /** Reads the title, the interpreter line and the questions. */
  questionVoiceId: string;
  answerVoiceId: string;
  rate: number;
}

export type SpeechContent = NoticeSpeech | InterpretationSpeech;

export type SpeechRole = 'title' | 'body' | 'interpreter' | 'question' | 'answer';

export interface ScriptLine {
  role: SpeechRole;
  /** Index of the paragraph (title, body, interpreter line, one question, one answer) the sentence belongs to. */
  paragraph: number;
  /** The editor's wording, as shown on screen and in sentence timings. */
  display: string;
  /** What the voice reads: `display` with numbers, dates… written out for engines that need it. */
  spoken: string;
  voiceId: string;
  /** Silence before the sentence (for the first one: after the chime). */
  pauseBeforeMs: number;
}

/** Pauses of the spoken layout. */
export const SPEAKER_PAUSES = {
  afterChimeMs: 500,
  afterTitleMs: 800,
  betweenSentencesMs: 350,
  /** Before each question: a new topic. */
  beforeQuestionMs: 1000,
  /** Between a question and its answer: the answer follows, but in another voice. */
  beforeAnswerMs: 600,
} as const;

/** Spoken and shown before the interpreter's name and at the start of each question and answer. */
export const SPEECH_LABELS = { interpreter: '解读人：', question: '问：', answer: '答：' } as const;

interface Paragraph {
  role: SpeechRole;
  text: string;
  voiceId: string;
  label?: string;
}

function paragraphs(content: SpeechContent): Paragraph[] {
  if (content.kind === 'notice') {
    return [
      { role: 'title', text: content.title, voiceId: content.voiceId },
      { role: 'body', text: content.body, voiceId: content.voiceId },
    ];
  }
  const host = content.questionVoiceId;
  return [
    { role: 'title', text: content.title, voiceId: host },
    { role: 'interpreter', text: content.interpreter, voiceId: host, label: SPEECH_LABELS.interpreter },
    ...content.qa.flatMap((pair): Paragraph[] => [
      { role: 'question', text: pair.q, voiceId: host, label: SPEECH_LABELS.question },
      { role: 'answer', text: pair.a, voiceId: content.answerVoiceId, label: SPEECH_LABELS.answer },
    ]),
  ];
}

const PAUSE_BEFORE: Record<SpeechRole, number> = {
  title: SPEAKER_PAUSES.afterChimeMs,
  body: SPEAKER_PAUSES.afterTitleMs,
  interpreter: SPEAKER_PAUSES.afterTitleMs,
  question: SPEAKER_PAUSES.beforeQuestionMs,
  answer: SPEAKER_PAUSES.beforeAnswerMs,
};

/**
 * The sentences to speak. Each paragraph is sanitised and split on its display text, so the screen shows the
 * editor's wording ("10月15日") while TTS reads its normalised form ("十月十五日"); a paragraph with nothing
 * speakable is left out with its pause. `needsNormalisation` tells, per voice, whether its engine needs it.
 */
export function speechScript(content: SpeechContent, needsNormalisation: (voiceId: string) => boolean = () => true): ScriptLine[] {
  const lines: ScriptLine[] = [];
  paragraphs(content).forEach((p, paragraph) => {
    splitSentences(sanitizeText(p.text)).forEach((sentence, i) => {
      const display = i === 0 && p.label ? p.label + sentence : sentence;
      lines.push({
        role: p.role,
        paragraph,
        display,
        spoken: needsNormalisation(p.voiceId) ? normaliseForSpeech(display) : display,
        voiceId: p.voiceId,
        pauseBeforeMs: lines.length === 0 ? SPEAKER_PAUSES.afterChimeMs : i > 0 ? SPEAKER_PAUSES.betweenSentencesMs : PAUSE_BEFORE[p.role],
      });
    });
  });
  return lines;
}

/** The voice(s) a rendition of the content is read in, e.g. 'espeak:cmn' or 'edge:a+edge:b'. */
export function speechVoiceLabel(content: SpeechContent): string {
  return content.kind === 'notice' ? content.voiceId : [...new Set([content.questionVoiceId, content.answerVoiceId])].join('+');
}

/** The content without its routing hints: what a render key hashes. */
export function speechKeyParts<T extends SpeechRouting>(content: T): Omit<T, keyof SpeechRouting> {
  const { allowFallback: _, ...shaping } = content;
  return shaping;
}
