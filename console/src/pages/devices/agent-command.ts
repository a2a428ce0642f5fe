import type { components } from '../../api/schema';

type Registered = components['schemas']['RegisteredDeviceResponse'];

/** The commands an installer types on the device (README "Running a real agent"), filled in for this device. */
export function agentCommands(r: Registered): { install: string; key: string; start: string } {
  // The one-line install (GET /api/agent/install.sh): package, key, config and systemd unit on a Linux box.
  const install = `curl -fsSL ${r.agent.serverUrl}/api/agent/install.sh | sudo sh -s -- --server ${r.agent.serverUrl} --mqtt ${r.agent.mqttUrl} --device-id ${r.device.id} --token ${r.token}`;
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
  return { install, key, start };
}
