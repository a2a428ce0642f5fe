/**
 * A render worker process: `npm run worker` (same DATA_DIR/DATABASE_URL/MEDIA_DIR settings as the server). Runs
 * RENDER_CONCURRENCY jobs at once (default: CPU cores) until SIGTERM/SIGINT, then finishes the jobs in hand.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as os from 'node:os';
import { OperatorLogger } from '../common/operator-logger';
import { CONFIG_EXIT_CODE, ConfigError, loadConfig } from '../config/app-config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const loaded = loadConfig();
  // RENDER_WORKERS is the API process's own share (often 0 there); a worker renders with RENDER_CONCURRENCY.
  const config = { ...loaded, renderWorkers: loaded.renderConcurrency };
  for (const w of config.warnings) new Logger('Worker').warn(w);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new OperatorLogger('Worker', { colors: process.stdout.isTTY }) });
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log(`渲染进程已启动（${os.hostname()}，进程 ${process.pid}）：同时渲染 ${config.renderWorkers} 个任务，媒体库 ${config.mediaDir}`);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`启动失败：配置有 ${err.problems.length} 处错误\n${err.problems.join('\n')}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  process.stderr.write(`启动失败：${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
