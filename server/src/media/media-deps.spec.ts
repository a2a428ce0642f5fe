import { createFfmpegRunner } from '@sunshine/media';
import { startFakeEdgeServer } from '../../../media/src/tts/edge/testing/fake-edge-server';
import { loadConfig } from '../config/app-config';
import { createEngineCatalogue, createRoutedTts, createTtsEngines, FALLBACK_VOICE_ID } from './media-deps';
import { freePort } from '../../../test/support/server-process';

describe('media deps: TTS engines from config', () => {
  const runner = createFfmpegRunner();

  it('should offer only the offline engine when EDGE_TTS is off', () => {
    const engines = createTtsEngines(loadConfig({ EDGE_TTS: 'off' }, []), runner);
    expect(engines.map((e) => e.id)).toEqual(['espeak']);
  });

  it('should offer espeak and edge with dialect voices by default', () => {
    const engines = createTtsEngines(loadConfig({}, []), runner);
    expect(engines.map((e) => e.id)).toEqual(['espeak', 'edge']);
    const catalogue = createEngineCatalogue(engines);
    expect(catalogue.find('edge:zh-CN-sichuan-YunxiNeural')).toMatchObject({ engine: 'edge', dialect: '四川话', offline: false });
    expect(catalogue.find(FALLBACK_VOICE_ID)).toMatchObject({ offline: true });
    expect(createRoutedTts(catalogue).voices().length).toBe(catalogue.voices().length);
  });

  it('should probe the endpoint of EDGE_TTS_URL: available when it answers, unavailable when nothing listens', async () => {
    const fake = await startFakeEdgeServer(() => Buffer.alloc(0));
    try {
      const up = createEngineCatalogue(createTtsEngines(loadConfig({ EDGE_TTS_URL: fake.url }, []), runner));
      expect((await up.list()).filter((v) => v.engine === 'edge').every((v) => v.available)).toBe(true);
      expect(fake.connections).toBe(1);
    } finally {
      await fake.close();
    }
    const down = createEngineCatalogue(createTtsEngines(loadConfig({ EDGE_TTS_URL: `ws://127.0.0.1:${await freePort()}/edge` }, []), runner));
    const voices = await down.list();
    expect(voices.filter((v) => v.engine === 'edge').map((v) => v.available)).toEqual([false, false, false, false, false]);
    expect(voices.find((v) => v.id === FALLBACK_VOICE_ID)?.available).toBe(true);
  });
});
