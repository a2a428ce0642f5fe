import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, session, unwrap } from '../api/client';

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** The region the user is bound to (with its descendants); null for a county account. */
  scopeRegionCode: string | null;
}

interface AuthState {
  user: CurrentUser | null;
  /** True until the stored token has been checked against the server. */
  loading: boolean;
  /** The session was opened with a one-time password: the server refuses everything else until it is changed. */
  mustChangePassword: boolean;
  /** Logs in; resolves whether the password must be changed first. */
  login(username: string, password: string): Promise<{ mustChangePassword: boolean }>;
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

// Kept beside the token so a reload during a forced change still lands on the change-password page.
const MUST_CHANGE_KEY = 'sunshine.mustChangePassword';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [loading, setLoading] = useState<boolean>(!!session.token());
  const [mustChangePassword, setMustChange] = useState<boolean>(() => sessionStorage.getItem(MUST_CHANGE_KEY) === '1');

  const setMust = useCallback((v: boolean) => {
    if (v) sessionStorage.setItem(MUST_CHANGE_KEY, '1');
    else sessionStorage.removeItem(MUST_CHANGE_KEY);
    setMustChange(v);
  }, []);

  useEffect(() => {
    if (!session.token()) return;
    unwrap(api.GET('/api/auth/me'))
      .then((me) => setUser({ ...me, displayName: (me as { displayName?: string }).displayName ?? me.username }))
      .catch(() => session.clear())
      .finally(() => setLoading(false));
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await unwrap(api.POST('/api/auth/login', { body: { username, password } }));
      session.set(r.token);
      setMust(r.mustChangePassword);
      setUser(r.user);
      return { mustChangePassword: r.mustChangePassword };
    },
    [setMust],
  );

  const changePassword = useCallback(
    async (oldPassword: string, newPassword: string) => {
      // The server ends every other session and answers with a fresh token for this one.
      const r = await unwrap(api.POST('/api/auth/password', { body: { oldPassword, newPassword } }));
      session.set(r.token);
      setMust(false);
      setUser(r.user);
    },
    [setMust],
  );

  const logout = useCallback(() => {
    session.clear();
    setMust(false);
    setUser(null);
  }, [setMust]);

  const value = useMemo(() => ({ user, loading, mustChangePassword, login, changePassword, logout }), [user, loading, mustChangePassword, login, changePassword, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
