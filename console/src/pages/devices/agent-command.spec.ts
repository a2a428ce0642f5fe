import { agentCommands } from './agent-command';

describe('agentCommands', () => {
  it('should fill in the server and broker the agent reaches, the device id and the token', () => {
    const r = { device: { id: 'spk-1' }, token: 't0k', agent: { serverUrl: 'http://10.0.0.2:3000', mqttUrl: 'mqtts://10.0.0.2:8883' } };
    const c = agentCommands(r as unknown as Parameters<typeof agentCommands>[0]);
    expect(c.install).toBe(
      'curl -fsSL http://10.0.0.2:3000/api/agent/install.sh | sudo sh -s -- --server http://10.0.0.2:3000 --mqtt mqtts://10.0.0.2:8883 --device-id spk-1 --token t0k',
    );
    expect(c.start).toContain('--mqtt mqtts://10.0.0.2:8883');
  });
});
