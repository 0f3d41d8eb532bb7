import { Amplify, Auth } from '@cognate/auth';
import awsconfig from './aws-exports.ts';

// `?storage=cookie` keeps the session in cookies (Amplify's `cookieStorage` option) instead of
// localStorage.
const useCookies = new URLSearchParams(location.search).get('storage') === 'cookie';

Amplify.configure({
  ...awsconfig,
  Auth: {
    ...awsconfig.Auth,
    ...(useCookies
      ? {
          cookieStorage: {
            domain: location.hostname,
            path: '/',
            expires: 7,
            sameSite: 'strict',
            secure: location.protocol === 'https:',
          },
        }
      : {}),
  },
});

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const statusLine = $<HTMLParagraphElement>('#status');
const userLine = $<HTMLElement>('#user');
const sessionBox = $<HTMLPreElement>('#session');

$<HTMLElement>('#storage').textContent = useCookies ? 'cookies' : 'localStorage';
$<HTMLAnchorElement>('#switch-storage').href = useCookies ? '?' : '?storage=cookie';

function say(text: string, error = false) {
  statusLine.textContent = text;
  statusLine.className = error ? 'error' : '';
}

function describeError(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string };
  const code = e?.code ?? e?.name;
  return code ? `${code}: ${e.message ?? ''}` : String(err);
}

/** Shows who is signed in, from the stored session (currentAuthenticatedUser). */
async function showUser() {
  try {
    const user = await Auth.currentAuthenticatedUser();
    const attributes = (user as { attributes?: { email?: string } }).attributes;
    userLine.textContent = attributes?.email ?? user.getUsername();
    userLine.dataset.state = 'signed-in';
    const session = await Auth.currentSession();
    const id = session.getIdToken().decodePayload();
    sessionBox.textContent = JSON.stringify(
      {
        username: user.getUsername(),
        email: id.email,
        sub: id.sub,
        expiresAt: new Date(session.getAccessToken().getExpiration() * 1000).toISOString(),
      },
      null,
      2,
    );
  } catch {
    userLine.textContent = 'nobody';
    userLine.dataset.state = 'signed-out';
    sessionBox.textContent = '';
  }
}

/** Runs a form's action, reporting its outcome in the status line. */
function onSubmit(id: string, action: (data: FormData) => Promise<string>) {
  const form = $<HTMLFormElement>(id);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('…');
    try {
      say(await action(new FormData(form)));
    } catch (err) {
      say(describeError(err), true);
    }
  });
}

const field = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

onSubmit('#sign-up', async (data) => {
  const email = field(data, 'email');
  const result = await Auth.signUp({
    username: email,
    password: String(data.get('password')),
    attributes: { email },
  });
  $<HTMLInputElement>('#confirm input[name=email]').value = email;
  $<HTMLInputElement>('#sign-in input[name=email]').value = email;
  return result.userConfirmed
    ? `Signed up ${email}.`
    : `Signed up ${email}: enter the code sent to ${result.codeDeliveryDetails?.Destination ?? 'the email'}.`;
});

onSubmit('#confirm', async (data) => {
  const email = field(data, 'email');
  await Auth.confirmSignUp(email, field(data, 'code'));
  return `Confirmed ${email}.`;
});

onSubmit('#sign-in', async (data) => {
  const email = field(data, 'email');
  await Auth.signIn(email, String(data.get('password')));
  await showUser();
  return `Signed in ${email}.`;
});

// Each action first says '…', so whoever watches the status line sees when it has finished.
$<HTMLButtonElement>('#show-user').addEventListener('click', async () => {
  say('…');
  await showUser();
  say(userLine.dataset.state === 'signed-in' ? 'Current user shown.' : 'Nobody is signed in.');
});

$<HTMLButtonElement>('#sign-out').addEventListener('click', async () => {
  say('…');
  try {
    await Auth.signOut();
    await showUser();
    say('Signed out.');
  } catch (err) {
    say(describeError(err), true);
  }
});

await showUser();
document.body.dataset.ready = 'true';
