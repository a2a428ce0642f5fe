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

describe('loadConfig MQTT over TLS', () => {
  it('should leave TLS off when nothing is set', () => {
    expect(loadConfig({}, []).mqttTls).toBeNull();
  });

  it('should use the certificate files on port 8883 by default', () => {
    const tls = loadConfig({ MQTT_TLS_CERT: '/etc/ssl/a.crt', MQTT_TLS_KEY: '/etc/ssl/a.key', MQTT_HOST: '127.0.0.1' }, []).mqttTls;
    expect(tls).toEqual({ port: 8883, host: '127.0.0.1', source: { kind: 'files', certFile: '/etc/ssl/a.crt', keyFile: '/etc/ssl/a.key' } });
  });

  it('should generate a self-signed pair on the given port when MQTT_TLS is self-signed', () => {
    expect(loadConfig({ MQTT_TLS: 'self-signed', MQTT_TLS_PORT: '18883' }, []).mqttTls).toMatchObject({ port: 18883, source: { kind: 'self-signed' } });
  });

  it('should refuse a certificate without its key with a Chinese message', () => {
    expect(() => loadConfig({ MQTT_TLS_CERT: '/a.crt' }, [])).toThrow(/配置错误：MQTT_TLS_CERT 和 MQTT_TLS_KEY 必须同时设置/);
  });

  it('should refuse an unknown MQTT_TLS mode', () => {
    expect(() => loadConfig({ MQTT_TLS: 'yes-please' }, [])).toThrow(/配置错误：MQTT_TLS/);
  });

  it('should refuse MQTT_TLS=on without files', () => {
    expect(() => loadConfig({ MQTT_TLS: 'on' }, [])).toThrow(/MQTT_TLS_CERT/);
  });
});

describe('loadConfig broker hook rate', () => {
  it('should default to 100 requests per second and refuse a non-positive rate', () => {
    expect(loadConfig({}, []).mqttHookRatePerSecond).toBe(100);
    expect(() => loadConfig({ MQTT_HOOK_RATE: '0' }, [])).toThrow(/配置错误：MQTT_HOOK_RATE/);
  });
});
