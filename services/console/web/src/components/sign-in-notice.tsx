/** What a page that needs a token shows to someone signed out, or not allowed. */
export function SignInNotice({ what }: { what: string }) {
  return (
    <section className="panel empty-state">
      <h1>Sign in to see {what}</h1>
      <p className="muted">Use the sign-in at the top right.</p>
    </section>
  );
}
