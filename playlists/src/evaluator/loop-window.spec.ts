import type { LoopItem } from '../model/playlist';
import { isLoopItemEligibleAt, nextLoopWindowBoundary } from './evaluate';

const FROM = '2025-03-01T15:30:00.000Z';
const UNTIL = '2025-03-01T16:30:00.000Z';
const from = Date.parse(FROM);
const until = Date.parse(UNTIL);

describe('isLoopItemEligibleAt', () => {
  it('should always be eligible when the item has no window', () => {
    expect(isLoopItemEligibleAt({}, 0)).toBe(true);
    expect(isLoopItemEligibleAt({}, Date.parse('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('should be eligible from `from` inclusive to `until` exclusive when both are set', () => {
    const item = { from: FROM, until: UNTIL };
    expect(isLoopItemEligibleAt(item, from - 1)).toBe(false);
    expect(isLoopItemEligibleAt(item, from)).toBe(true);
    expect(isLoopItemEligibleAt(item, until - 1)).toBe(true);
    expect(isLoopItemEligibleAt(item, until)).toBe(false);
  });

  it('should leave the other side open when only one bound is set', () => {
    expect(isLoopItemEligibleAt({ from: FROM }, from + 365 * 86_400_000)).toBe(true);
    expect(isLoopItemEligibleAt({ until: UNTIL }, 0)).toBe(true);
  });

  it('should read an offset instant as the same moment when the bound is written in +08:00', () => {
    // 23:30–00:30 local in Asia/Shanghai, across midnight.
    const item = { from: '2025-03-01T23:30:00+08:00', until: '2025-03-02T00:30:00+08:00' };
    expect(isLoopItemEligibleAt(item, from)).toBe(true);
    expect(isLoopItemEligibleAt(item, until)).toBe(false);
  });

  it('should ignore a bound when it is malformed', () => {
    expect(isLoopItemEligibleAt({ until: 'tomorrow' }, until + 1)).toBe(true);
  });
});

describe('nextLoopWindowBoundary', () => {
  const a: Pick<LoopItem, 'from' | 'until'> = { from: FROM, until: UNTIL };
  const b: Pick<LoopItem, 'from' | 'until'> = { until: '2025-03-01T16:00:00.000Z' };

  it('should return null when no member has a window', () => {
    expect(nextLoopWindowBoundary([{}, {}], from)).toBeNull();
  });

  it('should return the earliest boundary strictly after the instant when members have windows', () => {
    expect(nextLoopWindowBoundary([a, b], 0)).toBe(from);
    expect(nextLoopWindowBoundary([a, b], from)).toBe(Date.parse('2025-03-01T16:00:00.000Z'));
    expect(nextLoopWindowBoundary([a, b], Date.parse('2025-03-01T16:00:00.000Z'))).toBe(until);
    expect(nextLoopWindowBoundary([a, b], until)).toBeNull();
  });
});
