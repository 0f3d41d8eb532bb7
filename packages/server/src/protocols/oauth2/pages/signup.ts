import type { UserPool } from '../../../model/user-pool.ts';
import { hostedSignIn } from '../../../services/sign-in/hosted.ts';
import { signUp } from '../../../services/sign-up/sign-up.ts';
import { errorMessage, field, form, link, links, submit } from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';
import { continueSignIn } from './finish.ts';
import { SIGNUP_SIGN_IN_MS, setFlowCookie } from './flow-cookie.ts';
import { attributeInput, attributeLabel, usernameInput, usernameLabel } from './labels.ts';
import { messageOf } from './messages.ts';

/** A field of the sign-up form after the username: an attribute, or the password. */
interface SignUpField {
  /** The form field's name: `password`, or the attribute's name. */
  name: string;
  label: string;
  required: boolean;
}

/**
 * The sign-up form's attribute fields: with plain usernames `Email` (required when the pool
 * requires it), then every other attribute the pool requires; with email or phone usernames the
 * username field is that attribute, so it is not asked twice.
 */
export function signUpFields(pool: UserPool): SignUpField[] {
  const usernameAttrs: string[] = pool.settings.UsernameAttributes ?? [];
  const required = (pool.settings.SchemaAttributes ?? [])
    .filter((a) => a.Required && a.Name && a.Name !== 'sub')
    .map((a) => a.Name as string);
  const fields: SignUpField[] = [];
  if (usernameAttrs.length === 0) {
    fields.push({ name: 'email', label: 'Email', required: required.includes('email') });
  }
  const taken = new Set(['email', ...usernameAttrs.slice(0, 1)]);
  for (const name of required) {
    if (taken.has(name)) continue;
    taken.add(name);
    fields.push({ name, label: attributeLabel(name), required: true });
  }
  return fields;
}

/** The sign-up page, with `error` from the last try and what was typed then (never passwords). */
export function renderSignUp(page: Page, opts: { error?: string; values?: URLSearchParams } = {}) {
  const values = opts.values;
  const label = usernameLabel(page.pool);
  const attributeFields = signUpFields(page.pool).map((f) =>
    field({
      label: f.label,
      name: f.name,
      ...attributeInput(f.name),
      value: values?.get(f.name) ?? undefined,
      required: f.required,
    }),
  );
  return send(
    page,
    renderLayout({
      title: 'Sign up',
      heading: 'Create your account',
      description: `One account to continue to ${page.client.name}.`,
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(opts.error)}${form(
        pageUrl(page, 'signup'),
        csrfField(page),
        field({
          label,
          name: 'username',
          ...usernameInput(page.pool),
          value: values?.get('username') ?? undefined,
          autofocus: true,
        }),
        ...attributeFields,
        field({
          label: 'Password',
          name: 'password',
          type: 'password',
          autocomplete: 'new-password',
        }),
        submit('Sign up'),
      )}${links({ lead: 'Already have an account?', link: link(pageUrl(page, 'login'), 'Sign in') })}`,
    }),
  );
}

/** GET /signup. */
export function showSignUp(page: Page) {
  return renderSignUp(page);
}

/**
 * POST /signup: SignUp as the API does it (policy, required attributes, PreSignUp, the code).
 * The browser then confirms the code, which signs the user in; a user the PreSignUp trigger
 * confirmed is signed in at once.
 */
export async function submitSignUp(page: Page, body: URLSearchParams) {
  const username = (body.get('username') ?? '').trim();
  const password = body.get('password') ?? '';
  const attributes: Record<string, string> = {};
  for (const f of signUpFields(page.pool)) {
    const value = (body.get(f.name) ?? '').trim();
    if (value) attributes[f.name] = value;
  }
  if (!username || !password) {
    return renderSignUp(page, {
      values: body,
      error: `Enter your ${usernameLabel(page.pool).toLowerCase()} and a password.`,
    });
  }
  const { ctx, pool, client } = page;
  let result: Awaited<ReturnType<typeof signUp>>;
  try {
    result = await signUp(ctx, { pool, client, username, password, attributes });
  } catch (err) {
    return renderSignUp(page, { values: body, error: messageOf(err) });
  }
  if (result.confirmed) {
    try {
      return await continueSignIn(
        page,
        await hostedSignIn(ctx, { pool, client, username, password }),
      );
    } catch (err) {
      return renderSignUp(page, { error: messageOf(err) });
    }
  }
  setFlowCookie(page, {
    kind: 'signup',
    clientId: client.id,
    userId: result.user.id,
    until: ctx.clock.now() + SIGNUP_SIGN_IN_MS,
    ...(result.delivery?.Destination && { destination: result.delivery.Destination }),
  });
  return page.reply.redirect(pageUrl(page, 'confirmUser', { username: result.user.username }), 303);
}
