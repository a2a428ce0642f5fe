import { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { ContentStore } from '../store/content-store';
import { TtsEngine } from '../tts/tts-engine';
import { planSpeakerTimeline, renderKeyForSpeaker, SPEAKER_PAUSES, SpeakerRenderer, SpeakerRenderInput, speakerScript } from './speaker-renderer';

const INPUT: SpeakerRenderInput = {
  kind: 'notice',
  title: '停水通知',
  body: '明天停水。请提前储水。',
  voiceId: 'espeak:cmn',
  rate: 1,
  profile: { sampleRate: 44100, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 },
};

describe('renderKeyForSpeaker', () => {
  it('should be stable for the same input and change with each field that shapes the audio', () => {
    const key = renderKeyForSpeaker(INPUT);
    expect(renderKeyForSpeaker({ ...INPUT, profile: { ...INPUT.profile } })).toBe(key);
    const variants: SpeakerRenderInput[] = [
      { ...INPUT, title: '停电通知' },
      { ...INPUT, body: '后天停水。' },
      { ...INPUT, voiceId: 'espeak:yue' },
      { ...INPUT, rate: 0.8 },
      { ...INPUT, profile: { ...INPUT.profile, loudnessLufs: -24 } },
      { ...INPUT, profile: { ...INPUT.profile, bitrateKbps: 96 } },
    ];
    for (const v of variants) expect(renderKeyForSpeaker(v)).not.toBe(key);
  });
});

describe('renderKeyForSpeaker (interpretation)', () => {
  const QA: SpeakerRenderInput = {
    kind: 'interpretation',
    title: '医保政策解读',
    interpreter: '张明',
    qa: [{ q: '谁可以参保？', a: '本县居民。' }],
    questionVoiceId: 'espeak:cmn',
    answerVoiceId: 'espeak:yue',
    rate: 1,
    profile: INPUT.profile,
  };

  it('should change with every field of an interpretation and differ from a notice with the same text', () => {
    if (QA.kind !== 'interpretation') throw new Error('interpretation');
    const variants: SpeakerRenderInput[] = [
      { ...QA, title: '医保问答' },
      { ...QA, interpreter: '李华' },
      { ...QA, qa: [{ q: '谁能参保？', a: '本县居民。' }] },
      { ...QA, qa: [{ q: '谁可以参保？', a: '全县居民。' }] },
      { ...QA, qa: [...QA.qa, ...QA.qa] },
      { ...QA, questionVoiceId: 'espeak:yue' },
      { ...QA, answerVoiceId: 'espeak:cmn' },
      { ...QA, rate: 0.8 },
      { ...QA, profile: { ...QA.profile, bitrateKbps: 96 } },
      { kind: 'notice', title: QA.title, body: '问：谁可以参保？\n答：本县居民。', voiceId: 'espeak:cmn', rate: 1, profile: QA.profile },
    ];
    const keys = new Set([renderKeyForSpeaker(QA), ...variants.map(renderKeyForSpeaker)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('speakerScript', () => {
  it('should keep title and body sentences apart when splitting', () => {
    expect(speakerScript({ title: '停水\u200B通知', body: '明天停水。请提前储水。' })).toEqual({
      title: ['停水通知'],
      body: ['明天停水。', '请提前储水。'],
    });
  });
});

describe('planSpeakerTimeline', () => {
  const chime = { file: '/w/chime.wav', durationMs: 1200 };
  const sentence = (text: string, durationMs: number) => ({ text, file: `/w/${text}.wav`, durationMs });

  it('should place chime, pauses and sentences in order with exact timings', () => {
    const plan = planSpeakerTimeline(chime, [sentence('t', 1000.4)], [sentence('b1', 2000), sentence('b2', 1500.2)]);
    const { afterChimeMs, afterTitleMs, betweenSentencesMs } = SPEAKER_PAUSES;
    expect(plan.parts).toEqual([
      { kind: 'file', path: '/w/chime.wav' },
      { kind: 'silence', durationMs: afterChimeMs },
      { kind: 'file', path: '/w/t.wav' },
      { kind: 'silence', durationMs: afterTitleMs },
      { kind: 'file', path: '/w/b1.wav' },
      { kind: 'silence', durationMs: betweenSentencesMs },
      { kind: 'file', path: '/w/b2.wav' },
    ]);
    const titleStart = 1200 + afterChimeMs;
    const b1Start = titleStart + 1000.4 + afterTitleMs;
    const b2Start = b1Start + 2000 + betweenSentencesMs;
    expect(plan.sentences).toEqual([
      { text: 't', startMs: Math.round(titleStart), endMs: Math.round(titleStart + 1000.4) },
      { text: 'b1', startMs: Math.round(b1Start), endMs: Math.round(b1Start + 2000) },
      { text: 'b2', startMs: Math.round(b2Start), endMs: Math.round(b2Start + 1500.2) },
    ]);
    expect(plan.durationMs).toBe(Math.round(b2Start + 1500.2));
  });

  it('should leave out the title pause when there is no title', () => {
    const plan = planSpeakerTimeline(chime, [], [sentence('b1', 1000)]);
    expect(plan.parts.filter((p) => p.kind === 'silence')).toEqual([{ kind: 'silence', durationMs: SPEAKER_PAUSES.afterChimeMs }]);
    expect(plan.sentences[0].startMs).toBe(1200 + SPEAKER_PAUSES.afterChimeMs);
  });
});

describe('SpeakerRenderer', () => {
  it('should reject TEXT_EMPTY without starting any process when nothing is speakable', async () => {
    const runner = new FfmpegRunner({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' });
    const tts: TtsEngine = { id: 'fake', voices: () => [], synthesize: jest.fn() };
    const renderer = new SpeakerRenderer({ runner, tts, store: new ContentStore('/nonexistent'), tmpDir: '/nonexistent' });
    await expect(renderer.render({ ...INPUT, title: ' 。', body: '\u200B' })).rejects.toMatchObject({ code: 'TEXT_EMPTY' });
    expect(runner.processCount).toBe(0);
    expect(tts.synthesize).not.toHaveBeenCalled();
  });

  it('should reject TEXT_EMPTY without starting any process when an interpretation has nothing to read', async () => {
    const runner = new FfmpegRunner({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' });
    const tts: TtsEngine = { id: 'fake', voices: () => [], synthesize: jest.fn() };
    const renderer = new SpeakerRenderer({ runner, ttsFor: () => tts, store: new ContentStore('/nonexistent'), tmpDir: '/nonexistent' });
    const empty: SpeakerRenderInput = {
      kind: 'interpretation',
      title: '。',
      interpreter: ' ',
      qa: [{ q: '？', a: '😀' }],
      questionVoiceId: 'q',
      answerVoiceId: 'a',
      rate: 1,
      profile: INPUT.profile,
    };
    await expect(renderer.render(empty)).rejects.toMatchObject({ code: 'TEXT_EMPTY', message: '政策解读的标题、解读人和问答都没有可朗读的文字' });
    expect(tts.synthesize).not.toHaveBeenCalled();
    expect(runner.processCount).toBe(0);
  });
});
