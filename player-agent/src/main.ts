import { PlayerAgent } from './agent';
import { createPlayer } from './backends';
import { cliConfig, exitOnSignals } from './cli';
import { systemClock } from './clock';
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
  const log = createJsonLogger({ clock: systemClock, base: { deviceId: config.deviceId } });
  log.info('播放后端', config.backend.kind === 'null' ? { backend: 'null' } : { backend: config.backend.name, command: config.backend.argv });
  const agent = new PlayerAgent(config, { clock: systemClock, player: createPlayer(config.backend, systemClock), log });
  agent.start();
  exitOnSignals(log, () => agent.stop());
}

main();
