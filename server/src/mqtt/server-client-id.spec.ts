import { serverClientId } from './server-client-id';

const base = { configured: null, username: 'sunshine-server', installationId: '3f9a1c0b7d2e', hostname: 'cast-01', httpPort: 3000 };

describe('serverClientId', () => {
  it('should be the same for a restart of the same process (same installation, host and port)', () => {
    expect(serverClientId(base)).toBe('sunshine-server-3f9a1c0b7d2e-cast-01-3000');
    expect(serverClientId({ ...base })).toBe(serverClientId(base));
  });

  it('should differ between the leader and the standby of one installation on one host, and between installations', () => {
    expect(serverClientId({ ...base, httpPort: 3001 })).not.toBe(serverClientId(base));
    expect(serverClientId({ ...base, hostname: 'cast-02' })).not.toBe(serverClientId(base));
    expect(serverClientId({ ...base, installationId: '000000000000' })).not.toBe(serverClientId(base));
  });

  it('should keep to the characters every broker accepts, however the host is named', () => {
    const id = serverClientId({ ...base, hostname: '县融媒体中心 server.local/very-long-host-name-beyond-any-reason' });
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(id.length).toBeLessThanOrEqual(70);
  });

  it('should use MQTT_CLIENT_ID as it is when set', () => {
    expect(serverClientId({ ...base, configured: 'cast-api-1' })).toBe('cast-api-1');
  });
});
