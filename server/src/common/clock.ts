/** Time comes from here so that tests can run on fake time. */
export abstract class Clock {
  abstract now(): Date;
  nowMs(): number {
    return this.now().getTime();
  }
}

/**
 * The machine's clock, optionally shifted by a fixed offset (CLOCK_OFFSET_MS, default 0): a simulation and test
 * knob that lets the server live "a day later" in step with agents that were driven through a day on fake time.
 */
export class SystemClock extends Clock {
  constructor(readonly offsetMs = 0) {
    super();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** Parses CLOCK_OFFSET_MS: an integer number of milliseconds, empty or absent meaning 0. */
export function parseClockOffset(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 0;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`配置错误：CLOCK_OFFSET_MS 必须是整数毫秒，当前为 "${raw}"`);
  return n;
}
