import { ConsoleLogger } from '@nestjs/common';

/** Framework start-up chatter is for developers; operators see our own Chinese lines. LOG_LEVEL=debug shows all. */
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export class OperatorLogger extends ConsoleLogger {
  private readonly showAll = process.env.LOG_LEVEL === 'debug';

  override log(message: unknown, context?: string): void {
    if (!this.showAll && context && FRAMEWORK_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}
