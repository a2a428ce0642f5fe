import { DIALECT, fakeEngines, OFFLINE, ONLINE, FakeEngine } from './testing/fake-engines';
import { VoiceCatalogue } from './voice-catalogue';

describe('VoiceCatalogue', () => {
  it('should list every voice with its availability when the online engine is reachable', async () => {
    const { offline, online } = fakeEngines();
    const catalogue = new VoiceCatalogue([offline, online]);
    expect(await catalogue.list()).toEqual([
      { ...OFFLINE, available: true },
      { ...ONLINE, available: true },
      { ...DIALECT, available: true },
    ]);
  });

  it('should mark online voices unavailable and keep offline ones when the probe says no or throws', async () => {
    const { offline, online } = fakeEngines();
    const catalogue = new VoiceCatalogue([offline, online]);
    online.probeAnswer = false;
    expect((await catalogue.list()).map((v) => [v.id, v.available])).toEqual([
      ['espeak:cmn', true],
      ['edge:zh-CN-XiaoxiaoNeural', false],
      ['edge:zh-CN-sichuan-YunxiNeural', false],
    ]);
    online.probeAnswer = new Error('boom');
    expect((await catalogue.list()).filter((v) => v.available).map((v) => v.id)).toEqual(['espeak:cmn']);
  });

  it('should probe each engine once per listing', async () => {
    const { offline, online } = fakeEngines();
    await new VoiceCatalogue([offline, online]).list();
    expect(online.probes).toBe(1);
  });

  it('should find the engine of a voice and reject an unknown voice with TTS_UNKNOWN_VOICE', () => {
    const { offline, online } = fakeEngines();
    const catalogue = new VoiceCatalogue([offline, online]);
    expect(catalogue.engineFor('edge:zh-CN-sichuan-YunxiNeural')).toBe(online);
    expect(catalogue.engineFor('espeak:cmn')).toBe(offline);
    expect(catalogue.find('espeak:cmn')).toEqual(OFFLINE);
    expect(catalogue.find('espeak:xx')).toBeUndefined();
    expect(() => catalogue.engineFor('edge:nope')).toThrow(expect.objectContaining({ code: 'TTS_UNKNOWN_VOICE', message: '没有这个音色：edge:nope' }));
  });

  it('should refuse two engines offering the same voice id', () => {
    const { offline } = fakeEngines();
    expect(() => new VoiceCatalogue([offline, new FakeEngine('copy', [OFFLINE], true, false)])).toThrow(RangeError);
  });
});
