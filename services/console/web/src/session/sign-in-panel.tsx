import { useState, type FormEvent } from 'react';
import { useSession } from './session-context.js';

/** The header's corner: who is signed in, or how to sign in (development tokens or a pasted one). */
export function SignInPanel() {
  const { config, session, signInWithDevToken, signInWithToken, signOut } = useSession();
  const [subject, setSubject] = useState('c-42');
  const [pastedToken, setPastedToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session) {
    return (
      <div className="session">
        <span className="session-who" data-testid="signed-in-as">
          <span className="session-subject">{session.subject}</span>
          <span className={`role-badge ${session.staff ? 'role-staff' : ''}`}>
            {session.staff ? 'staff' : 'customer'}
          </span>
        </span>
        <button type="button" className="button button-quiet" data-testid="signout" onClick={signOut}>
          Sign out
        </button>
      </div>
    );
  }

  const attempt = async (signIn: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await signIn();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (config?.devTokens === false) void attempt(() => signInWithToken(pastedToken.trim()));
    else void attempt(() => signInWithDevToken({ role: 'customer', subject: subject.trim() }));
  };

  return (
    <form className="session" onSubmit={submit}>
      {config?.devTokens === false ? (
        <>
          <label className="visually-hidden" htmlFor="signin-token">
            Bearer token
          </label>
          <input
            id="signin-token"
            className="input input-compact"
            type="password"
            placeholder="Paste a bearer token"
            value={pastedToken}
            onChange={(event) => setPastedToken(event.target.value)}
            data-testid="signin-token"
          />
          <button type="submit" className="button button-primary" disabled={busy || !pastedToken.trim()}>
            Sign in
          </button>
        </>
      ) : (
        <>
          <label className="session-label" htmlFor="signin-subject">
            Customer
          </label>
          <input
            id="signin-subject"
            className="input input-compact"
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
            autoComplete="username"
            data-testid="signin-subject"
          />
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !config || !subject.trim()}
            data-testid="signin-customer"
          >
            Sign in as customer
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !config}
            onClick={() => void attempt(() => signInWithDevToken({ role: 'staff' }))}
            data-testid="signin-staff"
          >
            Sign in as staff
          </button>
        </>
      )}
      {problem && (
        <span className="session-problem" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
