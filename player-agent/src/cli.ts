import { ConfigError, type CliResult } from './config';
import type { Logger } from './log';

/** Runs a config parser for a CLI: configuration errors exit 2 with a Chinese message on stderr, --help exits 0. */
export function cliConfig<T>(parse: () => CliResult<T>): T {
  let result: CliResult<T>;
  try {
    result = parse();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`配置错误（${err.code}）：${err.message}\n`);
    process.exit(2);
  }
  if (result.kind === 'help') {
    process.stdout.write(result.text);
    process.exit(0);
  }
  return result.value;
}

/**
 * First SIGINT/SIGTERM stops gracefully (journal written, offline state published) and exits 0;
 * a second one exits at once.
 */
export function exitOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('收到退出信号，正在停止', { signal });
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('停止时出错', { error: err as Error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
