/**
 * MQTT over TLS on the embedded broker with a CA + server pair the server generates (MQTT_TLS=self-signed):
 * an agent trusting that CA (--ca-file) plays a notice; one pinning the CA's fingerprint connects; one trusting
 * another CA is refused and says so in one clear line. The external-broker hooks do not exist here.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from 'selfsigned';
import { AgentProcess } from './support/agent-process';
import { Api } from './support/api-client';
import { approvedNotice, playlistKey, registerDevice, waitForRendition } from './support/editorial';
import { freePort, RunningServer, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(180_000);

const VILLAGE = '510811100201';
const UNTRUSTED = 'MQTT 服务器证书校验失败：证书不受信任（检查 --ca-file），已拒绝连接';

describe('MQTT over TLS', () => {
  let server: RunningServer;
  let tlsUrl: string;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    const tlsPort = await freePort();
    server = await startServer({ env: { MQTT_TLS: 'self-signed', MQTT_TLS_PORT: String(tlsPort) } });
    tlsUrl = `mqtts://127.0.0.1:${tlsPort}`;
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await server?.stop();
  });

  function startAgent(device: { id: string; token: string }, keyFile: string, extra: string[]): AgentProcess {
    const agent = new AgentProcess([
      '--server', server.url,
      '--mqtt', tlsUrl,
      '--device-id', device.id,
      '--token', device.token,
      '--public-key-file', keyFile,
      '--data-dir', tempDir(`agent-${device.id}`),
      '--backend', 'null',
      ...extra,
    ]);
    agents.push(agent);
    return agent;
  }

  it('should not offer the external-broker hooks when the embedded broker runs', async () => {
    const r = await new Api(server.url).post('/api/mqtt/auth', { clientid: 'x', username: 'x', password: 'x' });
    expect(r.status).toBe(404);
  });

  it('should play a notice on an agent trusting the CA, connect one pinning it, and refuse one trusting another CA', async () => {
    const operator = await Api.login(server.url, 'operator');
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const key = await playlistKey(operator);

    const caRes = await fetch(`${server.url}/api/agent/ca.crt`);
    expect(caRes.status).toBe(200);
    const caPem = await caRes.text();
    const caFile = path.join(tempDir('ca'), 'ca.crt');
    fs.writeFileSync(caFile, caPem);
    expect(fs.readFileSync(path.join(server.dataDir, 'tls/ca.crt'), 'utf8')).toBe(caPem);

    const other = await generate([{ name: 'commonName', value: 'Another CA' }], { keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'basicConstraints', cA: true }] });
    const wrongCaFile = path.join(tempDir('wrong-ca'), 'ca.crt');
    fs.writeFileSync(wrongCaFile, other.cert);

    const trusted = await registerDevice(operator, { id: 'e2e-tls-ca', name: 'TLS 喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const pinned = await registerDevice(operator, { id: 'e2e-tls-pin', name: 'TLS 指纹喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });
    const refused = await registerDevice(operator, { id: 'e2e-tls-wrong', name: 'TLS 错误 CA 喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });

    const good = startAgent(trusted, key.file, ['--ca-file', caFile]);
    const pin = startAgent(pinned, key.file, ['--fingerprint', new X509Certificate(caPem).fingerprint256]);
    const bad = startAgent(refused, key.file, ['--ca-file', wrongCaFile]);

    await good.waitFor(() => good.find('已连接 MQTT')[0], 30_000, 'agent with the CA connected');
    await pin.waitFor(() => pin.find('已连接 MQTT')[0], 30_000, 'agent with the pinned fingerprint connected');
    const line = await bad.waitFor(() => bad.find(UNTRUSTED)[0], 30_000, 'certificate refusal line');
    expect(line.level).toBe('error');

    const { contentId, revisionId } = await approvedNotice(editor, reviewer, {
      title: '关于加密广播测试的通知',
      body: '各位村民：本村广播已启用加密传输，今天上午进行试播。',
      department: '栖凤区融媒体中心',
    });
    await waitForRendition(editor, revisionId, 60_000);
    expect((await editor.post('/api/schedules', { contentId, targets: { deviceIds: [trusted.id, refused.id] }, now: true })).status).toBe(201);

    await waitFor(
      async () => {
        const r = await operator.get(`/api/playlogs?contentId=${contentId}`);
        return (r.body as Array<{ deviceId: string; outcome: string }>).some((l) => l.deviceId === trusted.id && l.outcome === 'completed') ? true : null;
      },
      90_000,
      () => `no completed play log over TLS:\n${good.output()}`,
    );

    // The refused agent never got in: no session, one clear line (not one per retry), and it is offline.
    expect(bad.find('已连接 MQTT')).toEqual([]);
    expect(bad.find(UNTRUSTED)).toHaveLength(1);
    const state = await operator.get(`/api/devices/${refused.id}`);
    expect(state.body.online).toBe(false);
  });
});
