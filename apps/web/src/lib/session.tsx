/**
 * Who is signed in. Loaded once from GET /auth/session; login and logout update it. The user's
 * `abilities` (computed by the server from the one access policy) decide what the UI offers; the
 * server still checks every call.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { auth, type MeT } from '@luoshi/contracts';
import { ApiError, call, setCsrfToken, setUnauthorizedHandler } from './api.ts';

interface SessionState {
  user: MeT | null;
  /** true until the first session check has answered */
  loading: boolean;
  signIn: (username: string, password: string) => Promise<MeT>;
  signOut: () => Promise<void>;
  refresh: () => Promise<MeT | null>;
  can: (ability: string) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<MeT | null>(null);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();

  useEffect(() => {
    setUnauthorizedHandler((err) => {
      setUser(null);
      if (window.location.pathname !== '/login') {
        navigate('/login', { replace: true, state: { from: window.location.pathname, notice: err.message } });
      }
    });
  }, [navigate]);

  const refresh = useCallback(async () => {
    try {
      const s = await call(auth.session);
      setCsrfToken(s.csrfToken);
      setUser(s.user);
      return s.user;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setUser(null);
        return null;
      }
      throw e;
    }
  }, []);

  useEffect(() => {
    refresh()
      .catch(() => setUser(null))
      .finally(() => setLoading(false));
    // one check when the app opens; later changes come from sign-in and sign-out
  }, [refresh]);

  const signIn = useCallback(async (username: string, password: string) => {
    const s = await call(auth.login, { body: { username, password } });
    setCsrfToken(s.csrfToken);
    setUser(s.user);
    return s.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(auth.logout);
    } catch {
      // an expired session is signed out already
    }
    setCsrfToken(null);
    setUser(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const can = useCallback((ability: string) => !!user?.abilities.includes(ability), [user]);
  const value = useMemo(() => ({ user, loading, signIn, signOut, refresh, can }), [user, loading, signIn, signOut, refresh, can]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
