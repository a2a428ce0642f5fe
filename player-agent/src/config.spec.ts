import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { ConfigError, expandCommand, parseAgentConfig, parseByteSize, parseSimConfig, parseSimDevices, splitCommandTemplate, type AgentConfig } from './config';

const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const files: Record<string, string> = { '/keys/server.pem': pem };
const readFile = (file: string): string => {
  if (!(file in files)) throw new Error(`ENOENT: ${file}`);
  return files[file];
};

const base = ['--server', 'http://10.0.0.5:3000/', '--device-id', 'spk-001', '--token', 'secret', '--public-key-file', '/keys/server.pem'];

function agent(argv: string[], env: Record<string, string> = {}): AgentConfig {
  const result = parseAgentConfig(argv, env, readFile);
  if (result.kind !== 'ok') throw new Error('expected a config');
  return result.value;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseAgentConfig', () => {
  it('should apply defaults when only the required flags are given', () => {
    const config = agent(base);
    expect(config).toEqual({
      serverUrl: 'http://10.0.0.5:3000',
      mqttUrl: 'mqtt://10.0.0.5:1883',
      deviceId: 'spk-001',
      token: 'secret',
      publicKeyPem: pem,
      dataDir: path.resolve('./agent-data'),
      backend: { kind: 'null' },
    });
  });

  it('should read every value from the environment when no flags are given', () => {
    const config = agent([], {
      SUNSHINE_SERVER: 'https://cast.example.gov.cn',
      SUNSHINE_MQTT: 'mqtts://broker.example.gov.cn:8883',
      SUNSHINE_DEVICE_ID: 'tv-9',
      SUNSHINE_DEVICE_TOKEN: 'tok',
      SUNSHINE_PUBLIC_KEY: pem.replace(/\n/g, '\\n'),
    });
    expect(config.serverUrl).toBe('https://cast.example.gov.cn');
    expect(config.mqttUrl).toBe('mqtts://broker.example.gov.cn:8883');
    expect(config.deviceId).toBe('tv-9');
    expect(config.token).toBe('tok');
    expect(config.publicKeyPem).toBe(pem);
  });

  it('should let flags win over the environment when both are given', () => {
    const config = agent([...base, '--data-dir=/var/lib/sunshine', '--grace-ms', '90000'], {
      SUNSHINE_DEVICE_ID: 'from-env',
      SUNSHINE_PUBLIC_KEY: 'not a key',
    });
    expect(config.deviceId).toBe('spk-001');
    expect(config.publicKeyPem).toBe(pem);
    expect(config.dataDir).toBe('/var/lib/sunshine');
    expect(config.graceMs).toBe(90000);
  });

  it('should return the help text when --help is given', () => {
    const result = parseAgentConfig(['--help'], {}, readFile);
    expect(result.kind).toBe('help');
    expect(result.kind === 'help' && result.text).toContain('--device-id');
  });

  it.each([
    [['--device-id', 'a', '--token', 't', '--public-key-file', '/keys/server.pem'], 'missing-server', 'SUNSHINE_SERVER'],
    [['--server', 'http://h', '--token', 't', '--public-key-file', '/keys/server.pem'], 'missing-device-id', '设备 ID'],
    [['--server', 'http://h', '--device-id', 'a', '--public-key-file', '/keys/server.pem'], 'missing-token', '设备令牌'],
    [['--server', 'http://h', '--device-id', 'a', '--token', 't'], 'missing-public-key', '公钥'],
  ])('should fail with a Chinese message when a required value is missing (%#)', (argv, code, fragment) => {
    const err = configError(() => parseAgentConfig(argv, {}, readFile));
    expect(err.code).toBe(code);
    expect(err.message).toContain(fragment);
  });

  it.each([
    [['--server', 'ftp://h'], 'invalid-server-url'],
    [['--device-id', 'a/b'], 'invalid-device-id'],
    [['--public-key-file', '/missing.pem'], 'public-key-unreadable'],
    [['--public-key', 'garbage'], 'invalid-public-key'],
    [['--backend', 'vlc'], 'invalid-backend'],
    [['--backend', 'command'], 'missing-command'],
    [['--grace-ms', '-5'], 'invalid-grace-ms'],
    [['--volume', '3'], 'unknown-flag'],
    [['--token'], 'missing-flag-value'],
  ])('should reject bad values with a stable code when given %j', (extra, code) => {
    const err = configError(() => parseAgentConfig([...base, ...extra], {}, readFile));
    expect(err.code).toBe(code);
  });

  it('should use the preset argv when a named backend is chosen', () => {
    expect(agent([...base, '--backend', 'ffplay']).backend).toEqual({
      kind: 'command',
      name: 'ffplay',
      argv: ['ffplay', '-nodisp', '-autoexit', '-loglevel', 'error', '-volume', '{volume}', '{file}'],
    });
    expect(agent([...base, '--backend', 'aplay']).backend).toEqual({ kind: 'command', name: 'aplay', argv: ['aplay', '-q', '{file}'] });
  });

  it('should imply the command backend when only --command is given', () => {
    expect(agent([...base, '--command', 'mpv --no-video {file}']).backend).toEqual({
      kind: 'command',
      name: 'command',
      argv: ['mpv', '--no-video', '{file}'],
    });
  });
});

describe('parseSimConfig', () => {
  it('should require a devices file and default the data dir when simulating', () => {
    const result = parseSimConfig(['--devices', 'devs.json', '--server', 'http://127.0.0.1:3000', '--public-key-file', '/keys/server.pem'], {}, readFile);
    expect(result).toEqual({
      kind: 'ok',
      value: {
        serverUrl: 'http://127.0.0.1:3000',
        mqttUrl: 'mqtt://127.0.0.1:1883',
        publicKeyPem: pem,
        dataDir: path.resolve('./sim-data'),
        devicesFile: path.resolve('devs.json'),
      },
    });
    expect(configError(() => parseSimConfig(['--server', 'http://h', '--public-key', pem], {}, readFile)).code).toBe('missing-devices');
  });
});

describe('parseSimDevices', () => {
  it('should read device ids and tokens when the file is a valid list', () => {
    expect(parseSimDevices('[{"deviceId":"spk-1","token":"a","extra":1},{"deviceId":"tv-2","token":"b"}]')).toEqual([
      { deviceId: 'spk-1', token: 'a' },
      { deviceId: 'tv-2', token: 'b' },
    ]);
  });

  it.each([['not json'], ['[]'], ['{"deviceId":"a"}'], ['[{"deviceId":"a"}]'], ['[{"deviceId":"a/b","token":"t"}]'], ['[{"deviceId":"a","token":"t"},{"deviceId":"a","token":"u"}]']])(
    'should reject %s with a Chinese message',
    (text) => {
      const err = configError(() => parseSimDevices(text));
      expect(err.code).toBe('invalid-devices-file');
      expect(err.message).toMatch(/设备列表/);
    },
  );
});

describe('splitCommandTemplate', () => {
  it.each([
    ['mpv --no-video {file}', ['mpv', '--no-video', '{file}']],
    ['  mpv\t--volume 80   {file} ', ['mpv', '--volume', '80', '{file}']],
    ['"/opt/my player/play" --title "通知 公告" {file}', ['/opt/my player/play', '--title', '通知 公告', '{file}']],
    ['play --title="a b" {file}', ['play', '--title=a b', '{file}']],
    ["play 'it''s' {file}", ['play', 'its', '{file}']],
    ['play "say \\"hi\\"" "" {file}', ['play', 'say "hi"', '', '{file}']],
    ['play --input={file}', ['play', '--input={file}']],
  ])('should split %j without a shell', (template, argv) => {
    expect(splitCommandTemplate(template)).toEqual(argv);
  });

  it.each([
    ['mpv "{file}', '没有闭合'],
    ['   ', '为空'],
    ['mpv --no-video', '{file}'],
  ])('should reject %j with a Chinese message', (template, fragment) => {
    const err = configError(() => splitCommandTemplate(template));
    expect(err.code).toBe('bad-command-template');
    expect(err.message).toContain(fragment);
  });

  it('should keep a path with spaces and shell characters as one argument when expanding', () => {
    expect(expandCommand(['play', '--input={file}', '{file}'], '/data/a b;rm -rf $HOME.mp3')).toEqual([
      'play',
      '--input=/data/a b;rm -rf $HOME.mp3',
      '/data/a b;rm -rf $HOME.mp3',
    ]);
  });

  it('should substitute the volume and leave a file name containing the placeholder alone when expanding', () => {
    expect(expandCommand(['mpv', '--volume={volume}', '{file}'], '/data/{volume}.mp3', 35)).toEqual(['mpv', '--volume=35', '/data/{volume}.mp3']);
    expect(expandCommand(['mpv', '--volume={volume}', '{file}'], '/a.mp3')).toEqual(['mpv', '--volume=100', '/a.mp3']);
  });
});

describe('cache quota', () => {
  it.each([
    ['2G', 2 * 1024 ** 3],
    ['500M', 500 * 1024 ** 2],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['4096', 4096],
    ['64kb', 64 * 1024],
  ])('should parse %j as a byte size', (raw, bytes) => {
    expect(parseByteSize(raw)).toBe(bytes);
  });

  it('should take --cache-quota in bytes and reject a malformed one when given', () => {
    expect(agent([...base, '--cache-quota', '1G']).cacheQuotaBytes).toBe(1024 ** 3);
    expect(agent(base).cacheQuotaBytes).toBeUndefined();
    const err = configError(() => parseAgentConfig([...base, '--cache-quota', 'lots'], {}, readFile));
    expect(err.code).toBe('invalid-cache-quota');
    expect(err.message).toContain('--cache-quota');
  });
});

describe('parseAgentConfig config file and TLS trust', () => {
  const ca = `-----BEGIN CERTIFICATE-----
MIIBeTCCAR+gAwIBAgIUS1sI8m3k5rRkGvN3L8o9GfQ9dNEwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMdGVzdC1jYS1zdW4wHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAx
MDAwMDAwWjAXMRUwEwYDVQQDDAx0ZXN0LWNhLXN1bjBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABHk7n0n8Y0Yc6mD0E2G4p0bq3Yy0x8s7wM7b0w1xGx5lH7Tb9tq3
8W3v6x8x7Z8aH3p9rWk2bq8Yk4jR1u2jG5mjSzBJMB0GA1UdDgQWBBQ1m0z0Xh0r
-----END CERTIFICATE-----
`;

  function withFiles(extra: Record<string, string>): (file: string) => string {
    return (file) => {
      if (file in extra) return extra[file];
      return readFile(file);
    };
  }

  function agentFrom(argv: string[], extra: Record<string, string>, env: Record<string, string> = {}): AgentConfig {
    const result = parseAgentConfig(argv, env, withFiles(extra));
    if (result.kind !== 'ok') throw new Error('expected a config');
    return result.value;
  }

  const fileConfig = JSON.stringify({ server: 'http://10.0.0.9:3000', deviceId: 'spk-file', token: 'from-file', publicKeyFile: '/keys/server.pem', dataDir: 'data', backend: 'null', graceMs: 5000 });

  it('should read every setting from the config file and resolve relative paths against its folder', () => {
    const config = agentFrom(['--config', '/etc/sunshine-agent/agent.json'], { '/etc/sunshine-agent/agent.json': fileConfig });
    expect(config).toMatchObject({ serverUrl: 'http://10.0.0.9:3000', deviceId: 'spk-file', token: 'from-file', publicKeyPem: pem, graceMs: 5000 });
    expect(config.dataDir).toBe(path.resolve('/etc/sunshine-agent/data'));
  });

  it('should let command-line flags and then environment variables override the file', () => {
    const files = { '/c.json': fileConfig };
    expect(agentFrom(['--config', '/c.json', '--token', 'from-flag'], files, { SUNSHINE_DEVICE_TOKEN: 'from-env' }).token).toBe('from-flag');
    expect(agentFrom(['--config', '/c.json'], files, { SUNSHINE_DEVICE_TOKEN: 'from-env' }).token).toBe('from-env');
  });

  it('should let an inline key on the command line replace the file key of the file', () => {
    const config = agentFrom(['--config', '/c.json', '--public-key', pem], { '/c.json': JSON.stringify({ ...JSON.parse(fileConfig), publicKeyFile: '/missing.pem' }) });
    expect(config.publicKeyPem).toBe(pem);
  });

  it.each([
    ['unreadable', undefined, 'config-file-unreadable'],
    ['not JSON', '{ server: ', 'invalid-config-file'],
    ['an array', '[]', 'invalid-config-file'],
    ['a misspelt key', JSON.stringify({ sever: 'http://x' }), 'unknown-config-key'],
    ['a number where a string is needed', JSON.stringify({ token: 42 }), 'invalid-config-value'],
  ])('should refuse a config file that is %s with a clear code', (_, content, code) => {
    const files: Record<string, string> = content === undefined ? {} : { '/bad.json': content };
    const err = configError(() => agentFrom(['--config', '/bad.json'], files));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/配置文件/);
  });

  it('should normalise a pinned fingerprint given with or without colons', () => {
    const hex = 'ab'.repeat(32);
    const expected = Array(32).fill('AB').join(':');
    expect(agent([...base, '--mqtt', 'mqtts://10.0.0.5:8883', '--fingerprint', hex]).tls).toEqual({ fingerprint: expected });
    expect(agent([...base, '--mqtt', 'mqtts://10.0.0.5:8883', '--fingerprint', expected.toLowerCase()]).tls).toEqual({ fingerprint: expected });
  });

  it('should refuse a malformed fingerprint, and a fingerprint on a plain connection', () => {
    expect(configError(() => agent([...base, '--mqtt', 'mqtts://h:8883', '--fingerprint', 'abc'])).code).toBe('invalid-fingerprint');
    expect(configError(() => agent([...base, '--fingerprint', 'ab'.repeat(32)])).code).toBe('fingerprint-needs-tls');
  });

  it('should refuse a CA file that is missing or not a certificate', () => {
    expect(configError(() => agent([...base, '--ca-file', '/nope.crt'])).code).toBe('ca-file-unreadable');
    expect(configError(() => agentFrom([...base, '--ca-file', '/ca.crt'], { '/ca.crt': ca.replace('MIIB', 'XXXX') })).code).toBe('invalid-ca-file');
  });

  it('should carry no TLS settings when none are given', () => {
    expect(agent(base).tls).toBeUndefined();
  });
});
