import { hasAnyRole } from './roles';

describe('hasAnyRole', () => {
  it('should allow when one required role is held', () => {
    expect(hasAnyRole(['editor', 'reviewer'], ['reviewer'])).toBe(true);
  });
  it('should deny when no required role is held', () => {
    expect(hasAnyRole(['editor'], ['reviewer', 'operator'])).toBe(false);
  });
  it('should allow admin when any role is required', () => {
    expect(hasAnyRole(['admin'], ['emergency'])).toBe(true);
  });
});
