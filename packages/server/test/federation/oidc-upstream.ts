// An upstream OpenID Connect provider for the federation tests: node-oidc-provider on a free
// port, whose interactions sign in the account the test chose without a page (login, then
// consent), so the whole redirect dance runs with fetch and a cookie jar. With `loginPage` the
// login is a form instead (Email, Password, Sign in) for browser tests; consent stays implicit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';

/** An account of the upstream provider: its subject and claims. */
export interface UpstreamAccount {
  sub: string;
  email?: string;
  given_name?: string;
  family_name?: string;
}

/** The password the login page (`loginPage` mode) accepts for every account. */
export const UPSTREAM_PASSWORD = 'upstream-Passw0rd';

export interface TestOidcProvider {
  issuer: string;
  /** Registers the relying parties (the provider starts answering then). */
  trust(clients: { client_id: string; client_secret: string; redirect_uris: string[] }[]): void;
  /** The account the next sign-in is for (with `loginPage`: one the form accepts by email). */
  signInAs(account: UpstreamAccount): void;
  close(): Promise<void>;
}

/**
 * Starts the provider's listener; `trust` then registers its clients (each confidential,
 * client_secret_post), once the relying party's redirect URI is known. `loginPage` makes the
 * login an HTML form a browser fills in.
 */
export async function startOidcProvider(
  opts: { loginPage?: boolean } = {},
): Promise<TestOidcProvider> {
  const accounts = new Map<string, UpstreamAccount>();
  let current: UpstreamAccount | undefined;
  let provider: Provider | undefined;
  const server = createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/')) {
      interact(provider, req, res).catch((err) => res.writeHead(500).end(String(err)));
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const make = (clients: { client_id: string; client_secret: string; redirect_uris: string[] }[]) =>
    new Provider(issuer, {
      clients: clients.map(
        (c): ClientMetadata => ({
          ...c,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        }),
      ),
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['given_name', 'family_name'],
      },
      findAccount: (_ctx, sub) => {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          claims: () => ({ ...account, email_verified: true }),
        };
      },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['cognate-test-upstream'] },
    });
  async function interact(p: Provider, req: IncomingMessage, res: ServerResponse) {
    const details = await p.interactionDetails(req, res);
    if (details.prompt.name === 'login' && opts.loginPage) {
      await loginPage(p, details.uid, req, res);
      return;
    }
    if (details.prompt.name === 'login') {
      if (!current) throw new Error('no account to sign in');
      accounts.set(current.sub, current);
      await p.interactionFinished(
        req,
        res,
        { login: { accountId: current.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new p.Grant({
      accountId: details.session?.accountId as string,
      clientId: details.params.client_id as string,
    });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await p.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  /** GET: the form; POST: the account by email and UPSTREAM_PASSWORD, else the form again. */
  async function loginPage(p: Provider, uid: string, req: IncomingMessage, res: ServerResponse) {
    let message = '';
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const account = [...accounts.values()].find((a) => a.email === form.get('email'));
      if (account && form.get('password') === UPSTREAM_PASSWORD) {
        await p.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      message = '<p role="alert">Wrong email or password.</p>';
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><head><title>Upstream sign-in</title></head>
<body style="font-family:sans-serif;max-width:24rem;margin:3rem auto">
<h1>Upstream ID</h1>${message}
<form method="post" action="/interaction/${encodeURIComponent(uid)}">
<p><label>Email <input name="email" type="email"></label></p>
<p><label>Password <input name="password" type="password"></label></p>
<button type="submit">Sign in</button>
</form></body></html>`,
    );
  }
  return {
    issuer,
    trust(clients) {
      provider = make(clients);
    },
    signInAs(account) {
      current = account;
      if (opts.loginPage) accounts.set(account.sub, account);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser: cookies by name, sent to every host and port (as browsers share them by host). */
export class Browser {
  private jar = new Map<string, string>();
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) {
        this.jar.delete(name);
      } else this.jar.set(name, value);
    }
  }
  /** GET without following redirects, cookies kept. */
  async get(url: string): Promise<Response> {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.header() } });
    this.keep(res);
    return res;
  }
  /**
   * Follows redirects from `url` until one leads to `stopAt` (not fetched) or a page answers.
   * Returns the last Location (the callback) or the answering response.
   */
  async follow(url: string, stopAt: string): Promise<{ location?: string; res: Response }> {
    let next = url;
    for (let hops = 0; hops < 20; hops++) {
      const res = await this.get(next);
      const location = res.headers.get('location');
      if (!location || res.status < 300 || res.status >= 400) return { res };
      next = new URL(location, next).toString();
      if (next.startsWith(stopAt)) return { location: next, res };
    }
    throw new Error('too many redirects');
  }
}
