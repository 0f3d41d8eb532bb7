export function SignInPage(_p: { signedIn: boolean }) {
  return <h1>Sign in</h1>;
}
