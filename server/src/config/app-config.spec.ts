import { loadConfig } from './app-config';

describe('loadConfig edge TTS', () => {
  it('should enable the online voices at their public endpoint when nothing is set', () => {
    expect(loadConfig({}, []).edgeTts).toEqual({ enabled: true, endpoint: null });
  });

  it('should disable the online voices when EDGE_TTS is off', () => {
    for (const off of ['off', '0', 'false', 'no']) expect(loadConfig({ EDGE_TTS: off }, []).edgeTts.enabled).toBe(false);
  });

  it('should use EDGE_TTS_URL as the endpoint when it is a websocket URL', () => {
    expect(loadConfig({ EDGE_TTS_URL: 'ws://127.0.0.1:9999/edge' }, []).edgeTts.endpoint).toBe('ws://127.0.0.1:9999/edge');
  });

  it('should refuse to start with a Chinese message when EDGE_TTS_URL is not a websocket URL', () => {
    expect(() => loadConfig({ EDGE_TTS_URL: 'http://example.invalid' }, [])).toThrow(/配置错误：EDGE_TTS_URL/);
  });
});
