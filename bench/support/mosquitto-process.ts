/**
 * A private Mosquitto 2 (Debian's `mosquitto` package) as a child process, for end-to-end tests and the soak: a
 * free loopback port, the dynamic-security plugin initialised with an admin account, persistence on, everything in
 * a temp dir; stop, and restart on the same port and files. No jest here (the soak runs outside jest too);
 * test/support/mosquitto.ts wraps it for suites. Without Mosquitto: `apt-get install mosquitto` (.ci/run does).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort, stopProcess, tempDir, waitFor } from './server-process';

/** How long a stopping Mosquitto gets to write its persistence before SIGKILL. */
const STOP_GRACE_MS = 5_000;

const MOSQUITTO_BINARIES = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'];
const CTRL_BINARIES = ['/usr/bin/mosquitto_ctrl', '/usr/local/bin/mosquitto_ctrl'];
const PLUGIN_PATHS = [
  '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/mosquitto_dynamic_security.so',
  '/usr/local/lib/mosquitto_dynamic_security.so',
];

export interface MosquittoInstall {
  mosquitto: string;
  ctrl: string;
  plugin: string;
}

const find = (paths: string[]): string | undefined => paths.find((p) => fs.existsSync(p));

/** Where Mosquitto and its dynamic-security plugin are, or why they cannot be used here. */
export function mosquittoInstall(): MosquittoInstall | { missing: string } {
  const mosquitto = process.env.MOSQUITTO_PATH ?? find(MOSQUITTO_BINARIES);
  const ctrl = find(CTRL_BINARIES);
  const plugin = process.env.MOSQUITTO_DYNSEC_PLUGIN ?? find(PLUGIN_PATHS);
  if (!mosquitto || !ctrl) return { missing: 'mosquitto 未安装（apt-get install -y mosquitto）' };
  if (!plugin) return { missing: '找不到 mosquitto_dynamic_security.so（Mosquitto 2 的动态安全插件）' };
  return { mosquitto, ctrl, plugin };
}

export interface RunningMosquitto {
  url: string;
  port: number;
  dir: string;
  admin: { username: string; password: string };
  /** The env a server needs to use this broker in mosquitto-dynsec mode. */
  serverEnv: Record<string, string>;
  output: () => string;
  /** The running broker's process id (for RSS and CPU), undefined while stopped. */
  pid: () => number | undefined;
  /** Stops it cleanly (persistence written) and starts it again on the same port and files. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startMosquitto(install: MosquittoInstall): Promise<RunningMosquitto> {
  // A free port found here can be taken by another test process before Mosquitto binds it: try fresh ones.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startMosquittoOnce(install);
    } catch (err) {
      if (attempt >= 3 || !/Address already in use|EADDRINUSE/i.test((err as Error).message)) throw err;
    }
  }
}

async function startMosquittoOnce(install: MosquittoInstall): Promise<RunningMosquitto> {
  const dir = tempDir('mosquitto');
  const port = await freePort();
  const admin = { username: 'sunshine-admin', password: randomBytes(12).toString('base64url') };
  const dynsecFile = path.join(dir, 'dynamic-security.json');
  execFileSync(install.ctrl, ['dynsec', 'init', dynsecFile, admin.username, admin.password], { stdio: 'pipe' });
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      // Started as root (CI containers), Mosquitto would switch to the mosquitto user, which cannot write here.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      `plugin ${install.plugin}`,
      `plugin_opt_config_file ${dynsecFile}`,
      'persistence true',
      `persistence_location ${dir}/`,
      'log_dest stdout',
      'log_type error',
      'log_type warning',
      'log_type notice',
      '',
    ].join('\n'),
  );
  let out = '';
  let proc: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    const p = spawn(install.mosquitto, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc = p;
    // 'close' comes after the last output: the reason it stopped (e.g. "Address already in use") is in `out` then.
    let closed = false;
    p.once('close', () => (closed = true));
    await waitFor(async () => {
      if (closed) throw new Error(`server exited: mosquitto exited (${p.exitCode}):\n${out}`);
      return (await canConnect(port)) ? true : null;
    }, 15_000, () => `mosquitto did not listen on ${port}:\n${out}`);
  };
  await launch();
  const url = `mqtt://127.0.0.1:${port}`;
  return {
    url,
    port,
    dir,
    admin,
    serverEnv: { MQTT_URL: url, MQTT_BROKER: 'mosquitto-dynsec', MQTT_ADMIN_USERNAME: admin.username, MQTT_ADMIN_PASSWORD: admin.password, PUBLIC_MQTT_URL: url },
    output: () => out,
    pid: () => (proc as ChildProcess | null)?.pid,
    restart: async () => {
      if (proc) await stopProcess(proc, STOP_GRACE_MS);
      await launch();
    },
    stop: async () => {
      if (proc) await stopProcess(proc, STOP_GRACE_MS);
      proc = null;
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
