import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { readQuery } from './form.ts';
import { confirmByLink, showConfirm, submitConfirm } from './pages/confirm-user.ts';
import { type PageHandler, pageRoute } from './pages/context.ts';
import {
  showConfirmForgot,
  showForgot,
  submitConfirmForgot,
  submitForgot,
} from './pages/forgot-password.ts';
import { showLogin, submitLogin } from './pages/login.ts';
import { showMfa, submitMfa } from './pages/mfa.ts';
import { showMfaSetup, submitMfaSetup } from './pages/mfa-setup.ts';
import { showNewPassword, submitNewPassword } from './pages/new-password.ts';
import { showSelectMfa, submitSelectMfa } from './pages/select-mfa.ts';
import { showSignUp, submitSignUp } from './pages/signup.ts';

/** A page's GET and POST handlers (the POST gets the form, past its CSRF check). */
interface PageRoutes {
  show: PageHandler;
  submit: (page: Parameters<PageHandler>[0], form: URLSearchParams) => Promise<unknown> | unknown;
}

/**
 * The hosted pages under a pool domain's base, Cognito's paths: each a server-rendered form that
 * works without JavaScript, carrying the authorization request in its query from page to page.
 */
const PAGES: Record<string, PageRoutes> = {
  '/login': { show: showLogin, submit: submitLogin },
  '/signup': { show: async (p) => showSignUp(p), submit: submitSignUp },
  '/confirmUser': { show: async (p) => showConfirm(p), submit: submitConfirm },
  '/forgotPassword': { show: async (p) => showForgot(p), submit: submitForgot },
  '/confirmForgotPassword': {
    show: async (p) => showConfirmForgot(p),
    submit: submitConfirmForgot,
  },
  '/mfa': { show: async (p) => showMfa(p), submit: submitMfa },
  '/selectMfa': { show: async (p) => showSelectMfa(p), submit: submitSelectMfa },
  '/mfaSetup': { show: async (p) => showMfaSetup(p), submit: submitMfaSetup },
  '/newPassword': { show: async (p) => showNewPassword(p), submit: submitNewPassword },
};

/**
 * The forms that can send a code, counted against the IP's code budget as ForgotPassword and
 * ResendConfirmationCode are. The login form sends one only to an unconfirmed user, after the
 * password matched, which the per-user limit of the code itself covers.
 */
const SENDS_CODE: Record<string, (form: URLSearchParams) => boolean> = {
  '/forgotPassword': () => true,
  '/confirmUser': (form) => form.get('action') === 'resend',
};

/** The hosted pages (`/login`, `/signup`, `/confirmUser`, `/forgotPassword`, …) under a pool domain's base. */
export function registerPages(app: FastifyInstance, ctx: Context): void {
  for (const [path, routes] of Object.entries(PAGES)) {
    const show = pageRoute(ctx, routes.show);
    const get =
      path === '/confirmUser'
        ? (req: FastifyRequest, reply: FastifyReply) =>
            // The link of a CONFIRM_WITH_LINK message carries no authorization request.
            readQuery(req).has('confirmation_code')
              ? confirmByLink(ctx, req, reply)
              : show(req, reply)
        : show;
    app.get(path, get);
    app.post(
      path,
      pageRoute(ctx, async (page, form) => routes.submit(page, form ?? new URLSearchParams()), {
        sendsCode: SENDS_CODE[path],
      }),
    );
  }
}
