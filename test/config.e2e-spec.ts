/**
 * Start-up configuration against the built server: bad settings stop it with exit code 2 and one Chinese line per
 * bad value (all of them); the deprecated name of the MQTT password still works, with a warning, and the one
 * password is what both the embedded broker and the server's own client use.
 */
import { spawn } from 'node:child_process';
import { Api } from './support/api-client';
import { ROOT, SERVER_MAIN, startServer, tempDir } from './support/server-process';

jest.setTimeout(60_000);

function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SERVER_MAIN, '--no-demo-agents'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: tempDir('config'), HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('configuration: validated at start', () => {
  it('should exit with code 2 and name every bad value in its own Chinese line', async () => {
    const r = await runServer({ PORT: 'http', MQTT_PORT: '99999', DEMO: 'maybe', DATABASE_URL: 'mysql://root:pw@db/sunshine', TIME_ZONE: 'Asia/Beijing', RENDER_CONCURRENCY: '0' });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('启动失败：配置有 6 处错误');
    expect(lines.slice(1).sort()).toEqual(
      [
        '配置错误：PORT 必须是 0–65535 之间的端口号，当前为 "http"',
        '配置错误：MQTT_PORT 必须是 0–65535 之间的端口号，当前为 "99999"',
        '配置错误：DEMO 必须是开关值（on/off、true/false、1/0、yes/no），当前为 "maybe"',
        '配置错误：DATABASE_URL 只支持 postgres:// 或 postgresql:// 开头的地址（留空则使用数据目录中的 SQLite），当前为 "mysql://***@db/sunshine"',
        '配置错误：TIME_ZONE 必须是 IANA 时区名（如 Asia/Shanghai、Asia/Urumqi），当前为 "Asia/Beijing"',
        '配置错误：RENDER_CONCURRENCY 必须是 1–64 之间的整数，当前为 "0"',
      ].sort(),
    );
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('should start with the deprecated SECRET_MQTT_SERVER, warn about it, and serve', async () => {
    const server = await startServer({ env: { SECRET_MQTT_SERVER: 'old-name-secret-123', DEMO: '0' } });
    try {
      expect(server.output()).toContain('SECRET_MQTT_SERVER 已弃用，请改用 MQTT_PASSWORD');
      expect((await new Api(server.url).get('/api/health')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('should start with MQTT_PASSWORD: the embedded broker and the server client agree on it', async () => {
    const server = await startServer({ env: { MQTT_PASSWORD: 'new-name-secret-456', DEMO: '0' } });
    try {
      // The server's own client logged in to the embedded broker with it (the HTTP hooks exist only with MQTT_URL).
      expect(server.output()).toContain('已连接消息服务器');
    } finally {
      await server.stop();
    }
  });
});
