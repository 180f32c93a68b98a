/** The sign-in screen: email + password through InitiateAuth, or a button to the hosted page. */
import { useState } from 'preact/hooks';
import { signInWithPassword, startHostedSignIn } from '../auth.ts';
import type { AuthConfig } from '../config.ts';
import { Busy, ErrorNote, Field, formValues, submitTo, useAction } from '../ui.tsx';

export function SignIn({ auth, onSignedIn }: { auth: NonNullable<AuthConfig>; onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const signIn = useAction(async (form: HTMLFormElement) => {
    const v = formValues(form);
    await signInWithPassword(auth, v.email ?? '', v.password ?? '');
    onSignedIn();
  });
  return (
    <main id="main" tabIndex={-1} class="narrow">
      <h1>Sign in</h1>
      {auth.kind === 'hosted' ? (
        <>
          <p>Coaches sign in with the consultancy's account.</p>
          <button type="button" onClick={() => void startHostedSignIn(auth)}>
            Sign in
          </button>
        </>
      ) : (
        <form aria-label="Sign in" onSubmit={submitTo(signIn.go)}>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          <Field label="Password" name="password" type="password" autoComplete="current-password" required />
          <ErrorNote error={signIn.error} />
          <Busy busy={signIn.busy}>Sign in</Busy>
        </form>
      )}
    </main>
  );
}
