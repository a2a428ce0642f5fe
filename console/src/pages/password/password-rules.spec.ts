import { passwordProblem } from './password-rules';

describe('passwordProblem', () => {
  it('should refuse a password shorter than 10 characters', () => {
    expect(passwordProblem('short-pw1', 'wang')).toBe('密码至少 10 个字符');
  });

  it('should refuse a password containing the user name in any case', () => {
    expect(passwordProblem('Qingshi-XC-2026', 'qingshi-xc')).toBe('密码不能包含用户名');
  });

  it('should accept a long password without the user name', () => {
    expect(passwordProblem('Hongyan-2026-spring', 'qingshi-xc')).toBeNull();
  });
});
