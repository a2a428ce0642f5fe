import { deviceTokenMatches, hashDeviceToken, newDeviceToken } from './device-token';

describe('device tokens', () => {
  it('should match when the token is the one hashed', () => {
    const t = newDeviceToken();
    expect(deviceTokenMatches(t, hashDeviceToken(t))).toBe(true);
  });
  it('should not match when the token differs', () => {
    expect(deviceTokenMatches(newDeviceToken(), hashDeviceToken(newDeviceToken()))).toBe(false);
  });
  it('should not match when the stored hash is malformed', () => {
    expect(deviceTokenMatches('x', 'zz')).toBe(false);
  });
  it('should produce distinct 43-character tokens when called twice', () => {
    const a = newDeviceToken();
    expect(a).toHaveLength(43);
    expect(a).not.toBe(newDeviceToken());
  });
});
