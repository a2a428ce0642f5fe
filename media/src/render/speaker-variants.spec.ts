import { renderKeyForSpeaker } from './speaker-renderer';
import { renderKeyForSpeakerVariants, SpeakerVariantsInput, speechPart } from './speaker-variants';
import { ScriptLine } from './speech-script';

const profile = { sampleRate: 44100, bitrateKbps: 64, loudnessLufs: -16, truePeakDb: -1.5 };
const input: SpeakerVariantsInput = {
  kind: 'notice',
  title: '停水通知',
  body: '明天停水。',
  voiceId: 'espeak:cmn',
  rate: 1,
  profile,
  speechLanguage: 'zh-CN',
  recordings: [{ language: 'ii', file: '/data/media/ab/abc.wav', sha256: 'a'.repeat(64) }],
  order: ['zh-CN', 'ii'],
};

const line = (role: ScriptLine['role'], display: string, voiceId = 'edge:x'): ScriptLine => ({
  role,
  paragraph: role === 'title' ? 0 : 1,
  display,
  spoken: `读 ${display}`,
  voiceId,
  pauseBeforeMs: 0,
});

describe('renderKeyForSpeakerVariants', () => {
  it('should change the key when the order, a recording or the text changes', () => {
    const key = renderKeyForSpeakerVariants(input);
    expect(renderKeyForSpeakerVariants({ ...input, order: ['ii', 'zh-CN'] })).not.toBe(key);
    expect(renderKeyForSpeakerVariants({ ...input, recordings: [{ ...input.recordings[0], sha256: 'b'.repeat(64) }] })).not.toBe(key);
    expect(renderKeyForSpeakerVariants({ ...input, body: '后天停水。' })).not.toBe(key);
    expect(key).not.toBe(renderKeyForSpeaker(input));
  });

  it('should keep the key when only the file path or the fallback permission changes', () => {
    const key = renderKeyForSpeakerVariants(input);
    expect(renderKeyForSpeakerVariants({ ...input, recordings: [{ ...input.recordings[0], file: '/elsewhere/abc.wav' }] })).toBe(key);
    expect(renderKeyForSpeakerVariants({ ...input, allowFallback: true })).toBe(key);
    expect(renderKeyForSpeaker({ ...input, allowFallback: false })).toBe(renderKeyForSpeaker(input));
  });
});

describe('speechPart', () => {
  it('should split title from the other lines and show display text when the voice spoke its own lines', () => {
    const script = [line('title', '标题'), line('body', '第一句。'), line('body', '第二句。')];
    const spoken = script.map((l, i) => ({ text: l.spoken, file: `/w/${i}.wav`, durationMs: 100 }));
    const part = speechPart('zh-CN', script, spoken);
    expect(part).toMatchObject({ kind: 'speech', language: 'zh-CN', voiceId: 'edge:x', fallback: false });
    expect(part.title.map((s) => s.text)).toEqual(['标题']);
    expect(part.body.map((s) => [s.text, s.file])).toEqual([
      ['第一句。', '/w/1.wav'],
      ['第二句。', '/w/2.wav'],
    ]);
  });

  it('should name the offline voice and mark the fallback when it stood in', () => {
    const script = [line('title', '标题'), line('body', '正文。')];
    const spoken = script.map((l, i) => ({ text: l.spoken, file: `/w/${i}.wav`, durationMs: 100, voiceId: 'espeak:cmn' }));
    expect(speechPart('zh-CN', script, spoken)).toMatchObject({ voiceId: 'espeak:cmn', fallback: true });
  });
});
