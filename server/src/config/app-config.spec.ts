import { ConfigError, loadConfig } from './app-config';

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

describe('loadConfig broker mode', () => {
  it('should use the embedded broker without MQTT_URL and the HTTP hooks with it', () => {
    expect(loadConfig({}, [], { fileExists: () => true })).toMatchObject({ mqttBroker: 'embedded', mqttAdmin: null });
    expect(loadConfig({ MQTT_URL: 'mqtt://broker:1883' }, [])).toMatchObject({ mqttBroker: 'http-hooks', mqttAdmin: null });
  });

  it('should read the dynamic-security admin account in mosquitto-dynsec mode (user name admin by default)', () => {
    const env = { MQTT_URL: 'mqtt://broker:1883', MQTT_BROKER: 'mosquitto-dynsec', MQTT_ADMIN_PASSWORD: 'pw' };
    expect(loadConfig(env, [])).toMatchObject({ mqttBroker: 'mosquitto-dynsec', mqttAdmin: { username: 'admin', password: 'pw' } });
    expect(loadConfig({ ...env, MQTT_ADMIN_USERNAME: 'ops' }, []).mqttAdmin).toEqual({ username: 'ops', password: 'pw' });
  });
});

describe('loadConfig validation', () => {
  const noFiles = { fileExists: () => false };
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env, [], noFiles);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  it('should start on embedded defaults when nothing is set', () => {
    const c = loadConfig({}, [], noFiles);
    expect(c).toMatchObject({ httpPort: 3000, mqttPort: 1883, timezone: 'Asia/Shanghai', databaseUrl: null, mqttPassword: null, mqttUsername: 'sunshine-server', warnings: [] });
    expect(c.playlistHorizonMs).toBe(7 * 24 * 3600 * 1000);
  });

  it('should render locally with RENDER_CONCURRENCY slots unless RENDER_WORKERS says otherwise', () => {
    expect(loadConfig({ RENDER_CONCURRENCY: '3' }, [], noFiles)).toMatchObject({ renderConcurrency: 3, renderWorkers: 3, renderLeaseMs: 60_000 });
    expect(loadConfig({ RENDER_CONCURRENCY: '3', RENDER_WORKERS: '0' }, [], noFiles)).toMatchObject({ renderConcurrency: 3, renderWorkers: 0 });
  });

  it('should derive the MQTT client id unless MQTT_CLIENT_ID names one', () => {
    expect(loadConfig({}, [], noFiles).mqttClientId).toBeNull();
    expect(loadConfig({ MQTT_CLIENT_ID: 'cast-api-1' }, [], noFiles).mqttClientId).toBe('cast-api-1');
  });

  it('should keep media under the data dir unless MEDIA_DIR names shared storage', () => {
    expect(loadConfig({ DATA_DIR: '/srv/sunshine' }, [], noFiles).mediaDir).toBe('/srv/sunshine/media');
    expect(loadConfig({ DATA_DIR: '/srv/sunshine', MEDIA_DIR: '/mnt/nfs/media' }, [], noFiles).mediaDir).toBe('/mnt/nfs/media');
  });

  it.each<[string, Record<string, string>, string]>([
    ['a port that is not a number', { PORT: 'http' }, '配置错误：PORT 必须是 0–65535 之间的端口号，当前为 "http"'],
    ['a port out of range', { MQTT_PORT: '70000' }, '配置错误：MQTT_PORT 必须是 0–65535 之间的端口号，当前为 "70000"'],
    ['a negative port', { PORT: '-1' }, '配置错误：PORT 必须是 0–65535 之间的端口号，当前为 "-1"'],
    ['a switch that is neither on nor off', { DEMO: 'maybe' }, '配置错误：DEMO 必须是开关值（on/off、true/false、1/0、yes/no），当前为 "maybe"'],
    ['a fractional integer', { JWT_TTL_SECONDS: '3600.5' }, '配置错误：JWT_TTL_SECONDS 必须是 60–2592000 之间的整数（秒），当前为 "3600.5"'],
    ['a horizon too long', { PLAYLIST_HORIZON_DAYS: '90' }, '配置错误：PLAYLIST_HORIZON_DAYS 必须是 0.01–31 之间的数值（天），当前为 "90"'],
    ['zero render jobs', { RENDER_CONCURRENCY: '0' }, '配置错误：RENDER_CONCURRENCY 必须是 1–64 之间的整数，当前为 "0"'],
    ['local render workers that are not a count', { RENDER_WORKERS: 'none' }, '配置错误：RENDER_WORKERS 必须是 0–64 之间的整数，当前为 "none"'],
    ['a render lease too short to renew', { RENDER_LEASE_SECONDS: '2' }, '配置错误：RENDER_LEASE_SECONDS 必须是 5–3600 之间的整数（秒），当前为 "2"'],
    ['a time zone that does not exist', { TIME_ZONE: 'Asia/Beijing' }, '配置错误：TIME_ZONE 必须是 IANA 时区名（如 Asia/Shanghai、Asia/Urumqi），当前为 "Asia/Beijing"'],
    ['a database of an unknown kind', { DATABASE_URL: 'mysql://u:p@h/db' }, '配置错误：DATABASE_URL 只支持 postgres:// 或 postgresql:// 开头的地址（留空则使用数据目录中的 SQLite），当前为 "mysql://***@h/db"'],
    ['a client id with a space', { MQTT_CLIENT_ID: 'sunshine server' }, '配置错误：MQTT_CLIENT_ID 只能由字母、数字和 . _ : - 组成，长度 1–64 个字符，当前为 "sunshine server"'],
    ['a broker URL of another scheme', { MQTT_URL: 'http://broker:1883' }, '配置错误：MQTT_URL 必须是 mqtt:// 或 mqtts:// 或 tcp:// 或 ssl:// 或 ws:// 或 wss:// 开头的完整地址，当前为 "http://broker:1883"'],
    ['a public URL without a scheme', { PUBLIC_URL: 'example.org' }, '配置错误：PUBLIC_URL 必须是 http:// 或 https:// 开头的完整地址，当前为 "example.org"'],
    ['a media base of another scheme', { MEDIA_BASE_URL: 'ftp://cdn' }, '配置错误：MEDIA_BASE_URL 必须是 http:// 或 https:// 开头的完整地址，当前为 "ftp://cdn"'],
    ['a demo password too short', { SEED_PASSWORD: 'abc' }, '配置错误：SEED_PASSWORD 长度必须在 8–72 个字符之间（当前 3 个字符）'],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, '配置错误：LOG_LEVEL 只能是 info、debug 之一，当前为 "verbose"'],
    ['an ffmpeg that is not there', { FFMPEG_PATH: '/opt/none/ffmpeg' }, '配置错误：FFMPEG_PATH 指向的文件或目录不存在，当前为 "/opt/none/ffmpeg"'],
    ['a clock offset that is not an integer', { CLOCK_OFFSET_MS: '1.5' }, '配置错误：CLOCK_OFFSET_MS 必须是整数毫秒，当前为 "1.5"'],
    ['an alert level out of range', { CAP_AUTO_AIR_LEVELS: '1,5' }, '配置错误：CAP_AUTO_AIR_LEVELS 只能是 1–4 的级别（用逗号分隔）或 none，当前为 "1,5"'],
    ['the two names of the MQTT password disagreeing', { MQTT_PASSWORD: 'a', SECRET_MQTT_SERVER: 'b' }, '配置错误：MQTT_PASSWORD 与已弃用的 SECRET_MQTT_SERVER 同时设置且取值不同，请只保留 MQTT_PASSWORD'],
    ['an unknown broker mode', { MQTT_BROKER: 'rabbitmq' }, '配置错误：MQTT_BROKER 只能是 embedded、http-hooks、mosquitto-dynsec 之一，当前为 "rabbitmq"'],
    ['an external broker mode without its URL', { MQTT_BROKER: 'http-hooks' }, '配置错误：MQTT_BROKER http-hooks 需要用 MQTT_URL 指定外部消息服务器地址，当前为 "http-hooks"'],
    ['the embedded broker with a broker URL', { MQTT_BROKER: 'embedded', MQTT_URL: 'mqtt://broker:1883' }, '配置错误：MQTT_BROKER embedded（内置消息服务）不能与 MQTT_URL 同时设置，外部消息服务请用 http-hooks 或 mosquitto-dynsec，当前为 "embedded"'],
    ['Mosquitto dynamic security without its admin password', { MQTT_BROKER: 'mosquitto-dynsec', MQTT_URL: 'mqtt://broker:1883' }, '配置错误：MQTT_ADMIN_PASSWORD 必须设置：mosquitto-dynsec 模式下服务器以动态安全插件管理员身份（mosquitto_ctrl dynsec init 创建的账号）登记设备账号'],
  ])('should report %s in one Chinese line', (_, env, line) => {
    expect(problemsOf(env)).toEqual([line]);
  });

  it('should report every bad value at once, not only the first', () => {
    expect(problemsOf({ PORT: 'x', MQTT_PORT: 'y', DEMO: 'z', TIME_ZONE: 'Mars/Base', DATABASE_URL: 'sqlite:foo' })).toHaveLength(5);
  });

  it('should check a command-line flag like its variable', () => {
    expect(() => loadConfig({}, ['--port', 'abc'], noFiles)).toThrow('配置错误：PORT 必须是 0–65535 之间的端口号，当前为 "abc"');
  });

  it('should accept SECRET_MQTT_SERVER for MQTT_PASSWORD with a deprecation warning', () => {
    const c = loadConfig({ SECRET_MQTT_SERVER: 's3cret' }, [], noFiles);
    expect(c.mqttPassword).toBe('s3cret');
    expect(c.warnings).toEqual(['配置提示：SECRET_MQTT_SERVER 已弃用，请改用 MQTT_PASSWORD（本次按 MQTT_PASSWORD 处理）']);
  });

  it('should take the time zone from TIME_ZONE, and TZ_REGION with a warning', () => {
    expect(loadConfig({ TIME_ZONE: 'Asia/Urumqi' }, [], noFiles).timezone).toBe('Asia/Urumqi');
    const old = loadConfig({ TZ_REGION: 'Asia/Urumqi' }, [], noFiles);
    expect(old.timezone).toBe('Asia/Urumqi');
    expect(old.warnings[0]).toMatch(/TZ_REGION 已弃用，请改用 TIME_ZONE/);
  });

  it('should accept postgres URLs, switches in any spelling and existing paths', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://u:p@db/sunshine', DEMO: 'OFF', DEMO_AGENTS: 'yes', FFMPEG_PATH: '/usr/bin/ffmpeg' }, [], { fileExists: () => true });
    expect(c).toMatchObject({ databaseUrl: 'postgresql://u:p@db/sunshine', demo: false, demoAgents: true });
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

describe('loadConfig operations settings', () => {
  const noFiles = { fileExists: () => false };

  it('should default to readable text logs, JSON in production, and retention keeping audit longest', () => {
    const c = loadConfig({}, [], noFiles);
    expect(c.logFormat).toBe('text');
    expect(loadConfig({ NODE_ENV: 'production' }, [], noFiles).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, [], noFiles).logFormat).toBe('pretty');
    expect(c.healthMinFreeBytes).toBe(256 * 1024 * 1024);
    expect(c.retention.auditDays).toBeGreaterThanOrEqual(Math.max(c.retention.playLogDays, c.retention.renderJobDays, c.retention.alertDeliveryDays));
  });

  it('should refuse an unknown log format and an audit retention shorter than another', () => {
    try {
      loadConfig({ LOG_FORMAT: 'xml', RETAIN_PLAY_LOGS_DAYS: '900', RETAIN_AUDIT_DAYS: '800', MEDIA_GC_DAYS: '0' }, [], noFiles);
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.sort()).toEqual(
        [
          '配置错误：LOG_FORMAT 只能是 text、json、pretty 之一，当前为 "xml"',
          '配置错误：RETAIN_AUDIT_DAYS 必须不小于其他保留天数中最长的 900 天（审计日志保留最久），当前为 "800"',
          '配置错误：MEDIA_GC_DAYS 必须是 1–36500 之间的整数（天），当前为 "0"',
        ].sort(),
      );
    }
  });
});
