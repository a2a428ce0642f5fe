import { MediaError } from '../../media-error';
import { FallbackTts } from './fallback-tts';
import { fakeEngines } from './testing/fake-engines';
import { VoiceCatalogue } from './voice-catalogue';

function setup() {
  const engines = fakeEngines();
  const tts = new FallbackTts(new VoiceCatalogue([engines.offline, engines.online]), 'espeak:cmn');
  return { ...engines, tts };
}

const unavailable = (): MediaError => new MediaError('TTS_UNAVAILABLE', '在线语音服务暂时无法使用', true);
const request = { sentences: ['2021年补贴500元。', '请相互转告。'], voiceId: 'edge:zh-CN-XiaoxiaoNeural', rate: 0.8, workDir: '/w' };

describe('FallbackTts', () => {
  it('should speak with the requested online voice, unnormalised, when it is reachable', async () => {
    const { tts, online, offline } = setup();
    const report = await tts.synthesizeWithReport({ ...request, allowFallback: true });
    expect(report).toEqual({
      voiceUsed: 'edge:zh-CN-XiaoxiaoNeural',
      fallback: false,
      sentences: [
        { text: '2021年补贴500元。', file: '/w/edge-0.wav', durationMs: 100, voiceId: 'edge:zh-CN-XiaoxiaoNeural' },
        { text: '请相互转告。', file: '/w/edge-1.wav', durationMs: 200, voiceId: 'edge:zh-CN-XiaoxiaoNeural' },
      ],
    });
    expect(online.requests[0].sentences).toEqual(request.sentences);
    expect(offline.requests).toHaveLength(0);
  });

  it('should fall back to the offline voice with normalised text and report it when allowed and the online voice is unreachable', async () => {
    const { tts, online, offline } = setup();
    online.failWith = unavailable();
    const report = await tts.synthesizeWithReport({ ...request, allowFallback: true });
    expect(report.voiceUsed).toBe('espeak:cmn');
    expect(report.fallback).toBe(true);
    expect(offline.requests).toEqual([{ ...request, allowFallback: true, voiceId: 'espeak:cmn', sentences: ['二零二一年补贴五百元。', '请相互转告。'] }]);
    // Subtitles keep the text as written; every sentence says which voice spoke it.
    expect(report.sentences.map((s) => [s.text, s.voiceId, s.file])).toEqual([
      ['2021年补贴500元。', 'espeak:cmn', '/w/espeak-0.wav'],
      ['请相互转告。', 'espeak:cmn', '/w/espeak-1.wav'],
    ]);
  });

  it('should throw the retryable error and not fall back when the content does not allow it', async () => {
    const { tts, online, offline } = setup();
    online.failWith = unavailable();
    await expect(tts.synthesize(request)).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', retryable: true });
    await expect(tts.synthesize({ ...request, allowFallback: false })).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE' });
    expect(offline.requests).toHaveLength(0);
  });

  it('should not fall back when the online engine fails for another reason than reachability', async () => {
    const { tts, online, offline } = setup();
    online.failWith = new MediaError('TTS_FAILED', '语速设置无效：0');
    await expect(tts.synthesize({ ...request, allowFallback: true })).rejects.toMatchObject({ code: 'TTS_FAILED' });
    expect(offline.requests).toHaveLength(0);
  });

  it('should normalise for the offline engine when it is the requested voice', async () => {
    const { tts, offline } = setup();
    const sentences = await tts.synthesize({ ...request, voiceId: 'espeak:cmn' });
    expect(offline.requests[0].sentences[0]).toBe('二零二一年补贴五百元。');
    expect(sentences.map((s) => s.voiceId)).toEqual(['espeak:cmn', 'espeak:cmn']);
  });

  it('should rethrow when the offline fallback itself fails', async () => {
    const { tts, online, offline } = setup();
    online.failWith = unavailable();
    offline.failWith = new MediaError('TTS_FAILED', '语音合成进程意外退出', true);
    await expect(tts.synthesize({ ...request, allowFallback: true })).rejects.toMatchObject({ code: 'TTS_FAILED' });
  });

  it('should reject an unknown voice and a fallback voice that is not offline', async () => {
    const { tts, online, offline } = setup();
    await expect(tts.synthesize({ ...request, voiceId: 'edge:none', allowFallback: true })).rejects.toMatchObject({ code: 'TTS_UNKNOWN_VOICE' });
    expect(() => new FallbackTts(new VoiceCatalogue([offline, online]), 'edge:zh-CN-XiaoxiaoNeural')).toThrow(RangeError);
    expect(() => new FallbackTts(new VoiceCatalogue([online]), 'espeak:cmn')).toThrow(RangeError);
  });

  it('should offer every catalogue voice and need no normalisation from its callers', () => {
    const { tts } = setup();
    expect(tts.voices().map((v) => v.id)).toEqual(['espeak:cmn', 'edge:zh-CN-XiaoxiaoNeural', 'edge:zh-CN-sichuan-YunxiNeural']);
    expect(tts.needsNormalisation).toBe(false);
  });
});
