/** Installing the agent as an operator does on a device: install.sh fetched from the server, run with --no-systemd. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './server-process';

export interface AgentInstall {
  /** install.sh's exit status and everything it printed. */
  status: number | null;
  out: string;
  prefix: string;
  main: string;
  configFile: string;
  /** The node flags of the start command the script prints (the systemd unit's). */
  nodeArgs: string[];
}

/**
 * Downloads install.sh from the server and runs it into an empty directory as `curl … | sh -s -- …` would, with
 * node from PATH like on a device; the package and key come from the server over loopback, no npm registry.
 */
export async function installAgent(serverUrl: string, mqttUrl: string, deviceId: string, token: string): Promise<AgentInstall> {
  const script = await fetch(`${serverUrl}/api/agent/install.sh`);
  if (!script.ok) throw new Error(`install.sh → ${script.status}`);
  const prefix = tempDir('install');
  const scriptFile = path.join(tempDir('script'), 'install.sh');
  fs.writeFileSync(scriptFile, await script.text());
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const args = ['--server', serverUrl, '--mqtt', mqttUrl, '--device-id', deviceId, '--token', token, '--prefix', prefix, '--no-systemd', '--backend', 'null'];
  const run = spawnSync('sh', [scriptFile, ...args], { env, encoding: 'utf8', cwd: prefix, timeout: 120_000 });
  const main = path.join(prefix, 'opt/sunshine-agent/dist/player-agent/src/main.js');
  const configFile = path.join(prefix, 'etc/sunshine-agent/agent.json');
  const printed = run.stdout.split('\n').find((l) => l.includes(`${main} --config ${configFile}`)) ?? '';
  const nodeArgs = printed.trim().split(/\s+/).filter((w) => w.startsWith('--') && w !== '--config');
  return { status: run.status, out: run.stdout + run.stderr, prefix, main, configFile, nodeArgs };
}
