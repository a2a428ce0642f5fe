import { PlayerAgent } from './agent';
import { createPlayer } from './backends';
import { cliConfig, exitOnSignals } from './cli';
import { clockOffsetFromEnv, offsetClock, systemClock } from './clock';
import { parseAgentConfig } from './config';
import { createJsonLogger } from './log';

/** CLI entry of one device agent (see player-agent/README.md). */
function main(): void {
  const argv = process.argv.slice(2);
  // --check: validate the configuration (install.sh runs it before starting the service) and exit.
  const check = argv.includes('--check');
  const config = cliConfig(() => parseAgentConfig(argv.filter((a) => a !== '--check'), process.env));
  if (check) {
    process.stdout.write(`配置有效：设备 ${config.deviceId}，服务器 ${config.serverUrl}，MQTT ${config.mqttUrl}，数据目录 ${config.dataDir}\n`);
    return;
  }
  // Simulations and fault-injection runs only (npm run soak): a device whose clock is off by this much.
  const offsetMs = clockOffsetFromEnv(process.env.SUNSHINE_CLOCK_OFFSET_MS);
  if (offsetMs === null) {
    process.stderr.write(`配置错误（invalid-clock-offset）：SUNSHINE_CLOCK_OFFSET_MS 应为整数毫秒，收到 “${process.env.SUNSHINE_CLOCK_OFFSET_MS}”\n`);
    process.exit(2);
  }
  const clock = offsetClock(systemClock, offsetMs);
  const log = createJsonLogger({ clock, base: { deviceId: config.deviceId } });
  log.info('播放后端', config.backend.kind === 'null' ? { backend: 'null' } : { backend: config.backend.name, command: config.backend.argv });
  const agent = new PlayerAgent(config, { clock, player: createPlayer(config.backend, clock), log });
  agent.start();
  exitOnSignals(log, () => agent.stop());
}

main();
