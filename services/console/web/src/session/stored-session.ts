/** Who is signed in, kept per tab in sessionStorage so a reload keeps the session. */
export interface Session {
  token: string;
  subject: string;
  staff: boolean;
}

const storageKey = 'saga-shop.console.session';

export function readStoredSession(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Session | null;
    return stored && typeof stored.token === 'string' ? stored : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
}
