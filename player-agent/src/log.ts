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
  const write = opts.write ?? stdoutLines();
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

/**
 * Collects lines and writes them in one go once the current burst of work is done (`schedule`), instead of one
 * blocking write per line (stdout to a pipe is synchronous on Linux; a simulation of a thousand agents logs
 * thousands of lines at once). `flush` writes what is pending at once.
 */
export function batchedLines(sink: (text: string) => void, schedule: (run: () => void) => void): { write: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('\n') + '\n';
    pending = [];
    sink(text);
  };
  return {
    write: (line) => {
      pending.push(line);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    flush,
  };
}

let stdoutWriter: ((line: string) => void) | null = null;

/** One batched stdout writer per process; whatever is pending still goes out on exit (pipes write synchronously). */
function stdoutLines(): (line: string) => void {
  if (!stdoutWriter) {
    const lines = batchedLines((text) => process.stdout.write(text), (run) => setImmediate(run));
    process.once('exit', lines.flush);
    stdoutWriter = lines.write;
  }
  return stdoutWriter;
}
