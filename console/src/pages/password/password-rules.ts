/** The server's password policy, checked in the form first so the operator sees the reason before sending. */
export const MIN_PASSWORD_LENGTH = 10;

export function passwordProblem(password: string, username: string | undefined): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
