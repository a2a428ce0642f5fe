import { clockOffsetFromEnv, offsetClock, systemClock } from './clock';
import { FakeClock } from './testing/fake-clock';

describe('systemClock', () => {
  afterEach(() => jest.useRealTimers());

  it('should chain timeouts when the wait exceeds what setTimeout can hold', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    systemClock.setTimer(fired, 2 ** 31 + 1_000);
    jest.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1_001);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('should not fire a timer when it was cleared, even mid-chain', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    const handle = systemClock.setTimer(fired, 2 ** 31 + 1_000);
    jest.advanceTimersByTime(2 ** 31);
    systemClock.clearTimer(handle);
    jest.advanceTimersByTime(10_000);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('FakeClock', () => {
  it('should fire due timers in time order, including ones armed while advancing', async () => {
    const clock = new FakeClock(0);
    const seen: Array<[string, number]> = [];
    clock.setTimer(() => seen.push(['b', clock.now()]), 200);
    clock.setTimer(() => {
      seen.push(['a', clock.now()]);
      clock.setTimer(() => seen.push(['c', clock.now()]), 50);
    }, 100);
    clock.setTimer(() => seen.push(['late', clock.now()]), 1_000);
    await clock.advance(500);
    expect(seen).toEqual([
      ['a', 100],
      ['c', 150],
      ['b', 200],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
  });
});

describe('offsetClock', () => {
  it('should read ahead or behind its base by the offset and fire timers after the same relative wait', async () => {
    const base = new FakeClock(1_000_000);
    const behind = offsetClock(base, -90_000);
    expect(behind.now()).toBe(910_000);
    expect(offsetClock(base, 90_000).now()).toBe(1_090_000);
    const fired = jest.fn();
    behind.setTimer(fired, 5_000);
    await base.advance(4_999);
    expect(fired).not.toHaveBeenCalled();
    await base.advance(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('should take the offset from the environment as whole ms and refuse anything else', () => {
    expect(clockOffsetFromEnv(undefined)).toBe(0);
    expect(clockOffsetFromEnv('-90000')).toBe(-90_000);
    expect(clockOffsetFromEnv('90000')).toBe(90_000);
    expect(clockOffsetFromEnv('1.5')).toBeNull();
    expect(clockOffsetFromEnv('soon')).toBeNull();
  });
});
