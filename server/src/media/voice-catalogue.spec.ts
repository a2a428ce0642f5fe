import { TtsEngine, VoiceCatalogue as EngineCatalogue, VoiceInfo } from '@sunshine/media';
import { VoiceCatalogue } from './voice-catalogue';

const OFFLINE: VoiceInfo = { id: 'espeak:cmn', engine: 'espeak', language: 'zh-CN', name: '普通话（离线合成）', offline: true };
const DIALECT: VoiceInfo = { id: 'edge:zh-CN-sichuan-YunxiNeural', engine: 'edge', language: 'zh-CN', dialect: '四川话', name: '四川话', offline: false };

function engines(probe: () => Promise<boolean>): TtsEngine[] {
  const synthesize = (): Promise<never> => Promise.reject(new Error('not used'));
  return [
    { id: 'espeak', voices: () => [OFFLINE], synthesize },
    { id: 'edge', voices: () => [DIALECT], synthesize, probe },
  ];
}

describe('VoiceCatalogue (server)', () => {
  it('should list every voice with engine, language, dialect and the probe answer when the probe answers', async () => {
    const voices = await new VoiceCatalogue(new EngineCatalogue(engines(() => Promise.resolve(false)))).list();
    expect(voices).toEqual([
      { ...OFFLINE, available: true },
      { ...DIALECT, available: false },
    ]);
  });

  it('should list online voices as unavailable without waiting for a probe that does not answer in time', async () => {
    jest.useFakeTimers();
    try {
      const catalogue = new VoiceCatalogue(new EngineCatalogue(engines(() => new Promise<boolean>(() => undefined))));
      const listed = catalogue.list(1_000);
      await jest.advanceTimersByTimeAsync(1_000);
      expect((await listed).map((v) => [v.id, v.available])).toEqual([
        [OFFLINE.id, true],
        [DIALECT.id, false],
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('should know a voice of any engine and not an unknown one', () => {
    const catalogue = new VoiceCatalogue(new EngineCatalogue(engines(() => Promise.resolve(true))));
    expect(catalogue.has(DIALECT.id)).toBe(true);
    expect(catalogue.find(OFFLINE.id)?.language).toBe('zh-CN');
    expect(catalogue.has('edge:nobody')).toBe(false);
  });
});
