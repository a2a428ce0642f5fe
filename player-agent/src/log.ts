import type { Clock } from './clock';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** One JSON line per notable event; `msg` is Chinese and stable, so the server e2e tests and the demo can match it. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface JsonLoggerOptions {
  clock: Clock;
  write?: (line: string) => void;
  base?: LogFields;
  /** Debug lines are dropped unless this is set. */
  debug?: boolean;
}

export function createJsonLogger(opts: JsonLoggerOptions): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const base = opts.base ?? {};
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (level === 'debug' && !opts.debug) return;
    const time = new Date(opts.clock.now()).toISOString();
    write(JSON.stringify({ level, time, ...base, msg, ...fields }, errorReplacer));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createJsonLogger({ ...opts, write, base: { ...base, ...fields } }),
  };
}

/** Errors serialise to `{}` by default; keep the message. */
function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? value.message : value;
}
