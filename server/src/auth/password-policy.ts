export const MIN_PASSWORD_LENGTH = 10;

/** Why a new password is refused (Chinese, for the operator), or null when it is acceptable. */
export function passwordProblem(username: string, password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
  // A password containing the user name is the first thing anyone guesses.
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
