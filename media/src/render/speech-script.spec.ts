import { InterpretationSpeech, SPEAKER_PAUSES, speechScript, speechVoiceLabel } from './speech-script';

const QA: InterpretationSpeech = {
  kind: 'interpretation',
  title: '医保政策解读',
  interpreter: '张明',
  qa: [
    { q: '谁可以参保？', a: '本县居民。外地人持居住证。' },
    { q: '交多少？', a: '每年400元。' },
  ],
  questionVoiceId: 'q-voice',
  answerVoiceId: 'a-voice',
  rate: 1,
};

describe('speechScript', () => {
  it('should read a notice title then body in one voice with the notice pauses', () => {
    const lines = speechScript({ kind: 'notice', title: '停水通知', body: '10月15日停水。请储水。', voiceId: 'v', rate: 1 });
    expect(lines).toEqual([
      { role: 'title', paragraph: 0, display: '停水通知', spoken: '停水通知', voiceId: 'v', pauseBeforeMs: SPEAKER_PAUSES.afterChimeMs },
      { role: 'body', paragraph: 1, display: '10月15日停水。', spoken: '十月十五日停水。', voiceId: 'v', pauseBeforeMs: SPEAKER_PAUSES.afterTitleMs },
      { role: 'body', paragraph: 1, display: '请储水。', spoken: '请储水。', voiceId: 'v', pauseBeforeMs: SPEAKER_PAUSES.betweenSentencesMs },
    ]);
  });

  it('should label the interpreter, each question and each answer and give them their voices and pauses when reading an interpretation', () => {
    const lines = speechScript(QA);
    expect(lines.map((l) => [l.role, l.paragraph, l.display, l.voiceId, l.pauseBeforeMs])).toEqual([
      ['title', 0, '医保政策解读', 'q-voice', SPEAKER_PAUSES.afterChimeMs],
      ['interpreter', 1, '解读人：张明', 'q-voice', SPEAKER_PAUSES.afterTitleMs],
      ['question', 2, '问：谁可以参保？', 'q-voice', SPEAKER_PAUSES.beforeQuestionMs],
      ['answer', 3, '答：本县居民。', 'a-voice', SPEAKER_PAUSES.beforeAnswerMs],
      ['answer', 3, '外地人持居住证。', 'a-voice', SPEAKER_PAUSES.betweenSentencesMs],
      ['question', 4, '问：交多少？', 'q-voice', SPEAKER_PAUSES.beforeQuestionMs],
      ['answer', 5, '答：每年400元。', 'a-voice', SPEAKER_PAUSES.beforeAnswerMs],
    ]);
    expect(lines[6].spoken).toBe('答：每年四百元。');
  });

  it('should normalise only for voices whose engine needs it', () => {
    const lines = speechScript(QA, (voiceId) => voiceId === 'q-voice');
    expect(lines.find((l) => l.display === '答：每年400元。')?.spoken).toBe('答：每年400元。');
  });

  it('should leave out a paragraph with nothing to say, its pause with it, and start with the chime pause', () => {
    const lines = speechScript({ ...QA, title: '  ', interpreter: '。', qa: [{ q: '？', a: '可以。' }] });
    expect(lines.map((l) => [l.display, l.pauseBeforeMs])).toEqual([['答：可以。', SPEAKER_PAUSES.afterChimeMs]]);
    expect(speechScript({ kind: 'notice', title: '', body: '\u200B😀', voiceId: 'v', rate: 1 })).toEqual([]);
  });
});

describe('speechVoiceLabel', () => {
  it('should name the one voice of a notice and both voices of an interpretation once each', () => {
    expect(speechVoiceLabel({ kind: 'notice', title: 't', body: 'b', voiceId: 'espeak:cmn', rate: 1 })).toBe('espeak:cmn');
    expect(speechVoiceLabel(QA)).toBe('q-voice+a-voice');
    expect(speechVoiceLabel({ ...QA, answerVoiceId: 'q-voice' })).toBe('q-voice');
  });
});
