import 'reflect-metadata';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { mountConsole } from './console/console-static';
import { StartupError } from './common/startup-error';
import { RequestSanityGuard } from './common/request-sanity';
import { ShutdownState } from './common/shutdown';
import { createAppLogger } from './logging/app-logger';
import { requestObserver } from './logging/request-observer';
import { MetricsService } from './metrics/metrics.service';
import { createValidationPipe } from './common/validation';
import { CONFIG_EXIT_CODE, ConfigError, loadConfig } from './config/app-config';
import { migrateOnStart } from './database/database.module';
import { applyApiPrefix, buildOpenApiDocument } from './openapi/openapi-document';
import { SetupService } from './setup/setup.service';

/**
 * A county's speakers fetch the same new notice at once, over weak links. Node's default accept queue (511)
 * overflows while the server is busy publishing, and dropped handshakes cost clients seconds of SYN retransmits;
 * the kernel caps this at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4_096;
/** Longer than the agents' pooled-socket idle time (4 s), so the server is never the side closing a socket in use. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function configureHttpServer(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or an idle kept-alive socket is cut by the headers timer first.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = createAppLogger({ format: config.logFormat, level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info', colors: process.stdout.isTTY });
  Logger.overrideLogger(logger);
  for (const w of config.warnings) new Logger('Sunshine').warn(w);
  // Before anything else touches the database: a failed upgrade is rolled back and stops the start here.
  await migrateOnStart(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger });
  // First middleware: every request, console files and 404s included, gets an id, a log line and a latency sample.
  app.use(requestObserver(logger, app.get(MetricsService).metrics));
  applyApiPrefix(app);
  app.useGlobalGuards(new RequestSanityGuard());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ShutdownState)));
  app.useBodyParser('json', { limit: '256kb' });
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  // The console is built next to the server (dist/console); without it the API still runs.
  const consoleBuilt = mountConsole(app, path.resolve(__dirname, '../../console'));
  configureHttpServer(app.getHttpServer() as Server);
  // Initialise first (the demo seeder runs here) so production is refused before anything listens.
  await app.init();
  if (config.production) await app.get(SetupService).assertFitForProduction();
  try {
    // Nest passes extra arguments on to http.Server#listen(port, host, backlog, cb).
    const listen = app.listen.bind(app) as unknown as (port: number, host: string, backlog: number) => Promise<unknown>;
    await listen(config.httpPort, config.httpHost, LISTEN_BACKLOG);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(`HTTP 端口 ${config.httpPort} 已被占用：请停止占用该端口的程序，或用 PORT 指定其他端口`);
    }
    throw err;
  }
  const url = await app.getUrl();
  const base = url.replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  new Logger('Sunshine').log(`阳光播控已启动：控制台 ${base}/ ，接口 ${base}/api （接口文档 /api/docs）`);
  if (!consoleBuilt) new Logger('Sunshine').warn('控制台未构建（dist/console 不存在）：请运行 npm run build');
  if (config.clockOffsetMs !== 0) {
    new Logger('Sunshine').warn(`服务器时钟偏移 ${config.clockOffsetMs} 毫秒（CLOCK_OFFSET_MS，仅用于模拟和测试），当前服务器时间 ${new Date(Date.now() + config.clockOffsetMs).toISOString()}`);
  }
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    // Every bad setting on its own line, then a distinct exit code so scripts can tell config from crashes.
    process.stderr.write(`启动失败：配置有 ${err.problems.length} 处错误\n${err.problems.join('\n')}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  if (err instanceof StartupError) {
    // Operator-fixable: one clear line, no stack trace.
    process.stderr.write(`启动失败：${err.message}\n`);
    process.exit(err.exitCode);
  } else {
    process.stderr.write(`启动失败：${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
});
