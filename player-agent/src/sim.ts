import * as path from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';
import { PlayerAgent } from './agent';
import { NullPlayer } from './backends';
import { cliConfig, exitOnSignals } from './cli';
import { systemClock } from './clock';
import { loadSimDevices, parseSimConfig } from './config';
import { createJsonLogger } from './log';

/** Spreads connection attempts so a large fleet does not hit the broker (and its token hashing) all at once. */
const START_SPACING_MS = 10;

/**
 * Simulation mode: many virtual devices in one process, null backend, one data subdirectory each. Also runs as a
 * worker thread (the server's demo agents, which cost a thread instead of a whole Node process): then the parent's
 * "stop" message stands in for SIGTERM.
 */
function main(): void {
  const config = cliConfig(() => parseSimConfig(process.argv.slice(2), process.env));
  const devices = cliConfig(() => ({ kind: 'ok', value: loadSimDevices(config.devicesFile) }));
  const log = createJsonLogger({ clock: systemClock, base: { sim: true } });
  const player = new NullPlayer(systemClock);
  const agents = devices.map(
    ({ deviceId, token }) =>
      new PlayerAgent({ ...config, deviceId, token, dataDir: path.join(config.dataDir, deviceId), backend: { kind: 'null' } }, { clock: systemClock, player }),
  );
  const starts = agents.map((agent, i) => setTimeout(() => agent.start(), i * START_SPACING_MS));
  log.info('模拟设备已启动', { devices: agents.length, dataDir: config.dataDir });
  const stop = async (): Promise<void> => {
    starts.forEach(clearTimeout);
    await Promise.all(agents.map((a) => a.stop()));
  };
  if (isMainThread) exitOnSignals(log, stop);
  else parentPort?.once('message', (m: unknown) => m === 'stop' && void stop().finally(() => process.exit(0)));
}

main();
