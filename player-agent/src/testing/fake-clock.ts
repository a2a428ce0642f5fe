import type { Clock, TimerHandle } from '../clock';

interface FakeTimer {
  id: number;
  dueAt: number;
  fn: () => void;
}

/** Lets pending promise callbacks (and sync fs work chained on them) run between timers. */
export async function flushAsync(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Test clock: time moves only through advance(), which fires due timers in due-time order. */
export class FakeClock implements Clock {
  private timers: FakeTimer[] = [];
  private nextId = 1;

  constructor(private current = Date.parse('2025-03-03T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, dueAt: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== (handle as unknown as FakeTimer));
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Advances time by `ms`, firing every timer that falls due (including ones armed meanwhile). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushAsync();
    for (;;) {
      const next = this.timers
        .filter((t) => t.dueAt <= target)
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
      await flushAsync();
    }
    this.current = target;
    await flushAsync();
  }

  /** Moves to an absolute instant (ISO string or epoch ms). */
  async advanceTo(at: string | number): Promise<void> {
    const ms = typeof at === 'string' ? Date.parse(at) : at;
    await this.advance(ms - this.current);
  }
}
