import { accountKey, addressKey, LOGIN_LOCK_MS, LoginThrottle } from './login-throttle';

const T0 = Date.UTC(2026, 11, 4, 8, 0, 0);
const KEYS = [accountKey('editor'), addressKey('10.0.0.7')];

describe('LoginThrottle', () => {
  it('should lock after the fifth failure and not before', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) expect(t.fail(KEYS, T0 + i)).toBeNull();
    expect(t.lockedUntil(KEYS, T0 + 4)).toBeNull();
    expect(t.fail(KEYS, T0 + 4)).toBe(T0 + 4 + LOGIN_LOCK_MS);
    expect(t.lockedUntil([accountKey('editor')], T0 + 5)).toBe(T0 + 4 + LOGIN_LOCK_MS);
  });

  it('should release the lock after 15 minutes and count afresh', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) t.fail(KEYS, T0);
    expect(t.lockedUntil(KEYS, T0 + LOGIN_LOCK_MS - 1)).not.toBeNull();
    expect(t.lockedUntil(KEYS, T0 + LOGIN_LOCK_MS)).toBeNull();
    expect(t.fail(KEYS, T0 + LOGIN_LOCK_MS)).toBeNull();
  });

  it('should forget failures spread further apart than the lock time', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.fail(KEYS, T0 + i);
    expect(t.fail(KEYS, T0 + 3 + LOGIN_LOCK_MS)).toBeNull();
    for (let i = 0; i < 3; i++) expect(t.fail(KEYS, T0 + 4 + LOGIN_LOCK_MS + i)).toBeNull();
    expect(t.fail(KEYS, T0 + 10 + LOGIN_LOCK_MS)).not.toBeNull();
  });

  it('should lock an address used against many accounts', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) t.fail([accountKey(`user${i}`), addressKey('10.0.0.9')], T0);
    expect(t.lockedUntil([accountKey('someone-else'), addressKey('10.0.0.9')], T0)).not.toBeNull();
    expect(t.lockedUntil([accountKey('someone-else'), addressKey('10.0.0.10')], T0)).toBeNull();
  });

  it('should reset the count on success and on unlock', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.fail(KEYS, T0);
    t.succeed(KEYS);
    expect(t.fail(KEYS, T0)).toBeNull();
    for (let i = 0; i < 5; i++) t.fail(KEYS, T0);
    t.unlock(accountKey('editor'));
    expect(t.lockedUntil([accountKey('editor')], T0)).toBeNull();
  });

  it('should free the addresses of an account\'s failures when an administrator unlocks it', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) t.fail(KEYS, T0);
    expect(t.lockedUntil([addressKey('10.0.0.7')], T0)).not.toBeNull();
    t.unlock(accountKey('editor'));
    expect(t.lockedUntil(KEYS, T0)).toBeNull();
  });

  it('should treat user names case-insensitively', () => {
    expect(accountKey('Editor')).toBe(accountKey('editor'));
  });
});
