import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, session, unwrap } from '../api/client';

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

interface AuthState {
  user: CurrentUser | null;
  /** True until the stored token has been checked against the server. */
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [loading, setLoading] = useState<boolean>(!!session.token());

  useEffect(() => {
    if (!session.token()) return;
    unwrap(api.GET('/api/auth/me'))
      .then((me) => setUser(me as unknown as CurrentUser))
      .catch(() => session.clear())
      .finally(() => setLoading(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await unwrap(api.POST('/api/auth/login', { body: { username, password } }));
    const r = result as unknown as { token: string; user: CurrentUser };
    session.set(r.token);
    setUser(r.user);
  }, []);

  const logout = useCallback(() => {
    session.clear();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
