import { createJsonLogger, type Logger } from '../log';
import type { Clock } from '../clock';

export interface LoggedLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real JSON logger whose lines are kept for assertions. */
export function memoryLogger(clock: Clock): { log: Logger; lines: LoggedLine[]; msgs: () => string[] } {
  const lines: LoggedLine[] = [];
  const log = createJsonLogger({ clock, write: (line) => lines.push(JSON.parse(line) as LoggedLine), debug: true });
  return { log, lines, msgs: () => lines.map((l) => l.msg) };
}
