import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleConfig, DevTokenRequest } from '../../../src/api/console-api.js';
import { ApiError, api } from '../api/client.js';
import { readStoredSession, storeSession, type Session } from './stored-session.js';

interface SessionContextValue {
  /** Null until GET /api/config answered. */
  config: ConsoleConfig | null;
  session: Session | null;
  token: string | null;
  signInWithDevToken(request: DevTokenRequest): Promise<void>;
  signInWithToken(token: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  // Read synchronously, so a reloaded page shows the signed-in header from its first paint.
  const [session, setSession] = useState<Session | null>(readStoredSession);

  const adopt = useCallback((next: Session | null) => {
    storeSession(next);
    setSession(next);
  }, []);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.config().then(
        (loaded) => !cancelled && setConfig(loaded),
        () => !cancelled && window.setTimeout(load, 2_000),
      );
    void load();
    return () => void (cancelled = true);
  }, []);

  // A stored token may have expired: ask once who it names, and forget it if nobody.
  const storedToken = session?.token;
  useEffect(() => {
    if (!storedToken) return;
    api.me(storedToken).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) adopt(null);
    });
  }, [storedToken, adopt]);

  const signInWithToken = useCallback(
    async (token: string) => {
      const me = await api.me(token);
      adopt({ token, subject: me.subject, staff: me.staff });
    },
    [adopt],
  );

  const signInWithDevToken = useCallback(
    async (request: DevTokenRequest) => signInWithToken((await api.devToken(request)).token),
    [signInWithToken],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      config,
      session,
      token: session?.token ?? null,
      signInWithDevToken,
      signInWithToken,
      signOut: () => adopt(null),
    }),
    [config, session, signInWithDevToken, signInWithToken, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
