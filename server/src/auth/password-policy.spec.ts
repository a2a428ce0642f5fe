import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('should refuse a password shorter than 10 characters', () => {
    expect(passwordProblem('wang', 'Abc123!xy')).toBe('密码至少 10 个字符');
  });
  it('should accept a password of exactly 10 characters', () => {
    expect(passwordProblem('wang', 'Abc123!xyz')).toBeNull();
  });
  it('should count Chinese characters as one each', () => {
    expect(passwordProblem('wang', '阳光播控阳光播控阳光')).toBeNull();
  });
  it('should refuse a password containing the user name in any case', () => {
    expect(passwordProblem('Admin', 'myadmin-2026!')).toBe('密码不能包含用户名');
  });
});
