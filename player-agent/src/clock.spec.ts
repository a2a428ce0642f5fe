import { systemClock } from './clock';
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
