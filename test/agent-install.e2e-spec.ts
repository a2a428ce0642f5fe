/**
 * Installing the agent on a device the way an operator does: install.sh fetched from the server, run in its
 * no-systemd mode into an empty directory (package, public key and config downloaded over loopback only, no npm
 * registry), then the installed agent — with only its vendored node_modules — plays a notice scheduled now.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentProcess } from './support/agent-process';
import { Api } from './support/api-client';
import { approvedNotice, registerDevice, waitForRendition } from './support/editorial';
import { RunningServer, startServer, tempDir, waitFor } from './support/server-process';

jest.setTimeout(180_000);

const VILLAGE = '510811100201';

describe('agent install: one script on an empty machine, then it plays', () => {
  let server: RunningServer;
  let agent: AgentProcess | null = null;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
  });

  it('should install from the server with install.sh --no-systemd and play a notice scheduled now', async () => {
    const operator = await Api.login(server.url, 'operator');
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const device = await registerDevice(operator, { id: 'e2e-install-1', name: '安装测试喇叭', kind: 'speaker', regionCode: VILLAGE, quietHours: [] });

    const script = await fetch(`${server.url}/api/agent/install.sh`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/x-shellscript');
    const prefix = tempDir('install');
    const scriptFile = path.join(tempDir('script'), 'install.sh');
    fs.writeFileSync(scriptFile, await script.text());

    // As `curl … | sh -s -- …` would run it; node comes from PATH like on a device.
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    const args = ['--server', server.url, '--mqtt', server.mqttUrl, '--device-id', device.id, '--token', device.token, '--prefix', prefix, '--no-systemd', '--backend', 'null'];
    const run = spawnSync('sh', [scriptFile, ...args], { env, encoding: 'utf8', cwd: prefix });
    expect({ status: run.status, out: run.stdout + run.stderr }).toEqual({ status: 0, out: expect.stringContaining('安装完成') });

    const main = path.join(prefix, 'opt/sunshine-agent/dist/player-agent/src/main.js');
    const configFile = path.join(prefix, 'etc/sunshine-agent/agent.json');
    expect(fs.existsSync(main)).toBe(true);
    expect(fs.existsSync(path.join(prefix, 'opt/sunshine-agent/node_modules/mqtt/package.json'))).toBe(true);
    expect(fs.existsSync(path.join(prefix, 'opt/sunshine-agent/sunshine-agent.service'))).toBe(true);
    // The config holds the token: readable by its owner only.
    expect(fs.statSync(configFile).mode & 0o077).toBe(0);
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    expect(config).toMatchObject({ server: server.url, deviceId: device.id, token: device.token, backend: 'null', dataDir: path.join(prefix, 'var/lib/sunshine-agent') });
    const installed = JSON.parse(fs.readFileSync(path.join(prefix, 'opt/sunshine-agent/package.json'), 'utf8'));
    expect(Object.keys(installed.dependencies)).toEqual(['mqtt']);

    // A second run with a broken option fails with one clear Chinese line and leaves the install alone.
    const bad = spawnSync('sh', [scriptFile, '--server', server.url, '--prefix', prefix, '--no-systemd', '--bogus'], { env, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim()).toBe('安装失败：未知参数 --bogus（--help 查看用法）');

    // The start command the script prints carries the unit's node flags; run it from the install dir, where only
    // the package's own node_modules can be found (nothing of this checkout).
    const printed = run.stdout.split('\n').find((l) => l.includes(`${main} --config ${configFile}`));
    expect(printed).toBeDefined();
    const nodeArgs = printed!.trim().split(/\s+/).filter((w) => w.startsWith('--') && w !== '--config');
    expect(nodeArgs).toEqual(expect.arrayContaining(['--lite-mode', '--max-semi-space-size=1']));
    agent = new AgentProcess(['--config', configFile], { main, cwd: prefix, nodeArgs });
    await agent.waitFor(() => agent!.find('已连接 MQTT')[0], 30_000, 'installed agent connected');

    const { contentId, revisionId } = await approvedNotice(editor, reviewer, {
      title: '关于冬季防火的通知',
      body: '各位村民：冬季天干物燥，请注意用火安全，不在山林周边焚烧秸秆。',
      department: '栖凤区应急管理局',
    });
    await waitForRendition(editor, revisionId, 60_000);
    expect((await editor.post('/api/schedules', { contentId, targets: { deviceIds: [device.id] }, now: true })).status).toBe(201);

    const logs = await waitFor(
      async () => {
        const r = await operator.get(`/api/playlogs?contentId=${contentId}`);
        const done = (r.body as Array<{ deviceId: string; outcome: string }>).filter((l) => l.deviceId === device.id && l.outcome === 'completed');
        return done.length > 0 ? done : null;
      },
      90_000,
      () => `no completed play log from the installed agent:\n${agent!.output()}`,
    );
    expect(logs[0].deviceId).toBe(device.id);
  });
});
