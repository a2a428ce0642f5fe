import type { components } from '../../api/schema';
import { agentCommands } from './agent-command';

describe('agentCommands', () => {
  it('should fill the README start command with the server, broker, id and token the server returned', () => {
    const r = {
      device: { id: 'speaker-510811100202-a1b2c3', kind: 'speaker' },
      token: 'tok-123',
      agent: { serverUrl: 'http://10.0.0.5:3000', mqttUrl: 'mqtt://10.0.0.5:1883' },
    } as components['schemas']['RegisteredDeviceResponse'];
    const { install, key, start } = agentCommands(r);
    expect(install).toBe('curl -fsSL http://10.0.0.5:3000/api/agent/install.sh | sudo sh -s -- --server http://10.0.0.5:3000 --mqtt mqtt://10.0.0.5:1883 --device-id speaker-510811100202-a1b2c3 --token tok-123');
    expect(key).toBe(`curl -s http://10.0.0.5:3000/api/keys/playlist | node -pe 'JSON.parse(require("fs").readFileSync(0)).publicKeyPem' > server-key.pem`);
    expect(start.split(' \\\n  ')).toEqual([
      'node dist/player-agent/src/main.js',
      '--server http://10.0.0.5:3000',
      '--mqtt mqtt://10.0.0.5:1883',
      '--device-id speaker-510811100202-a1b2c3',
      '--token tok-123',
      '--public-key-file server-key.pem',
      '--data-dir /var/lib/sunshine-agent',
      '--backend mpv',
    ]);
  });
});
