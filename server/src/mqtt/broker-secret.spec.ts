import { secretMatches } from './broker-secret';

describe('secretMatches', () => {
  it('should accept the exact secret', () => {
    expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
  });

  it.each([
    ['a different secret of the same length', 's3cret-valuX'],
    ['a prefix', 's3cret'],
    ['a longer value', 's3cret-value-and-more'],
    ['an empty value', ''],
    ['no header', undefined],
  ])('should refuse %s', (_, given) => {
    expect(secretMatches(given, 's3cret-value')).toBe(false);
  });

  it('should refuse everything when the expected secret is empty', () => {
    expect(secretMatches('', '')).toBe(false);
  });
});
