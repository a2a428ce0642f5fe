import type { components } from '../../api/schema';

type Registered = components['schemas']['RegisteredDeviceResponse'];

/** The commands an installer types on the device (README "Running a real agent"), filled in for this device. */
export function agentCommands(r: Registered): { key: string; start: string } {
  const key = `curl -s ${r.agent.serverUrl}/api/keys/playlist | node -pe 'JSON.parse(require("fs").readFileSync(0)).publicKeyPem' > server-key.pem`;
  const start = [
    'node dist/player-agent/src/main.js',
    `--server ${r.agent.serverUrl}`,
    `--mqtt ${r.agent.mqttUrl}`,
    `--device-id ${r.device.id}`,
    `--token ${r.token}`,
    '--public-key-file server-key.pem',
    '--data-dir /var/lib/sunshine-agent',
    '--backend mpv',
  ].join(' \\\n  ');
  return { key, start };
}
