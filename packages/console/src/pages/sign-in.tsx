import { useEffect, useRef, useState } from 'preact/hooks';
import { signIn } from '../api';
import { Alert, TextField } from '../components/ui';

/**
 * Sign-in with the server's admin access key. The secret goes to the server once, in the body of
 * POST /console/api/session, and is dropped from the form's state right after.
 */
export function SignInPage(p: { signedIn: boolean }) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (p.signedIn) location.hash = '#/pools';
  }, [p.signedIn]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(keyId.trim(), secret);
      setSecret('');
      location.hash = '#/pools';
    } catch (err) {
      setSecret('');
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="center">
      <form class="panel sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" ref={heading}>
          Cognate console
        </h1>
        <p class="muted">Sign in with the server's admin access key (as the CLI and SDK use).</p>
        <TextField
          label="Access key ID"
          value={keyId}
          onValue={setKeyId}
          autoComplete="username"
          spellcheck={false}
          required
        />
        <TextField
          label="Secret access key"
          type="password"
          value={secret}
          onValue={setSecret}
          autoComplete="current-password"
          required
        />
        <Alert error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="hint">
          The key is in the server's data folder (<code>credentials</code>), and printed by{' '}
          <code>cognate serve</code> at start.
        </p>
      </form>
    </main>
  );
}
