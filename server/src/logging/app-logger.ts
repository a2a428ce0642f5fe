import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from '../config/app-config';
import { OperatorLogger } from '../common/operator-logger';

/** Framework start-up chatter and per-request lines: hidden from the readable terminal output unless LOG_LEVEL=debug. */
const QUIET_IN_TEXT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'HTTP']);
const FRAMEWORK = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** In pretty output the context leads the line and the request fields are already in the message; the id stays. */
const PRETTY_HIDDEN = 'pid,hostname,context,method,url,route,status,ms';

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's LoggerService over pino: every `new Logger('X')` call becomes one JSON object a line with `context: 'X'`
 * (or pino-pretty's lines). Objects passed as the message become fields, so the request line is queryable.
 */
export class PinoNestLogger implements LoggerService {
  constructor(
    private readonly pino: Pino,
    private readonly showFramework: boolean,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest, true);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest, true);
  }

  private write(level: Level, message: unknown, rest: unknown[], withStack = false): void {
    const { context, stack } = splitParams(rest, withStack);
    if (!this.showFramework && level === 'info' && context && FRAMEWORK.has(context)) return;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object') {
      const { msg, ...rest } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...rest }, typeof msg === 'string' ? msg : '');
    } else this.pino[level](fields, String(message));
  }
}

/** Nest passes the context last, and for error() a stack before it. */
export function splitParams(rest: unknown[], withStack: boolean): { context?: string; stack?: string } {
  const params = [...rest];
  const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
  const stack = withStack && typeof params[0] === 'string' ? (params[0] as string) : undefined;
  return { context, stack };
}

/** Today's readable lines, minus the per-request lines unless LOG_LEVEL=debug. */
class TextLogger extends OperatorLogger {
  private readonly debugAll = process.env.LOG_LEVEL === 'debug';

  override log(message: unknown, context?: string): void {
    if (!this.debugAll && context && QUIET_IN_TEXT.has(context)) return;
    super.log(message, context);
  }
}

export interface LoggerOptions {
  format: LogFormat;
  level: 'info' | 'debug';
  /** Where JSON goes (tests); stdout otherwise. */
  destination?: DestinationStream;
  colors?: boolean;
}

/** The process logger for the chosen LOG_FORMAT. */
export function createAppLogger(opts: LoggerOptions): LoggerService {
  if (opts.format === 'text') return new TextLogger('Sunshine', { colors: opts.colors ?? false });
  // Synchronous writes: the last lines before a crash or exit(1) must not be lost in a buffer.
  const destination =
    opts.destination ?? (opts.format === 'pretty' ? pretty({ colorize: opts.colors ?? false, translateTime: 'SYS:standard', messageFormat: '{if context}[{context}] {end}{msg}', ignore: PRETTY_HIDDEN, sync: true }) : pino.destination({ dest: 1, sync: true }));
  const logger = pino({ level: opts.level === 'debug' ? 'trace' : 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return new PinoNestLogger(logger, opts.level === 'debug');
}
