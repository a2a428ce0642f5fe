import { isStaleState, STATE_ORDER_WINDOW_MS } from './state-order';

describe('isStaleState', () => {
  const applied = { atMs: 10_000, appliedMs: 1_000_000 };

  it('should accept the first report of a device', () => {
    expect(isStaleState(undefined, 5, 1_000_000)).toBe(false);
  });

  it('should refuse a report older than the applied one when it arrives shortly after', () => {
    expect(isStaleState(applied, 9_996, 1_000_004)).toBe(true);
  });

  it('should accept a newer or equally old report', () => {
    expect(isStaleState(applied, 10_004, 1_000_004)).toBe(false);
    expect(isStaleState(applied, 10_000, 1_000_004)).toBe(false);
  });

  it('should accept an older timestamp once the window has passed (a device clock stepped back)', () => {
    expect(isStaleState(applied, 1_000, 1_000_000 + STATE_ORDER_WINDOW_MS)).toBe(false);
  });

  it('should not judge a report whose time cannot be read', () => {
    expect(isStaleState(applied, Number.NaN, 1_000_004)).toBe(false);
  });
});
