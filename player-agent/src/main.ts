import { PlayerAgent } from './agent';
import { createPlayer } from './backends';
import { cliConfig, exitOnSignals } from './cli';
import { systemClock } from './clock';
import { parseAgentConfig } from './config';
import { createJsonLogger } from './log';

/** CLI entry of one device agent (see player-agent/README.md). */
function main(): void {
  const config = cliConfig(() => parseAgentConfig(process.argv.slice(2), process.env));
  const log = createJsonLogger({ clock: systemClock, base: { deviceId: config.deviceId } });
  log.info('播放后端', config.backend.kind === 'null' ? { backend: 'null' } : { backend: config.backend.name, command: config.backend.argv });
  const agent = new PlayerAgent(config, { clock: systemClock, player: createPlayer(config.backend, systemClock), log });
  agent.start();
  exitOnSignals(log, () => agent.stop());
}

main();
