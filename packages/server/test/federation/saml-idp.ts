/**
 * A SAML 2.0 identity provider for tests: samlify's IdentityProvider behind a small HTTP server,
 * with a self-signed signing certificate made at start. It answers an AuthnRequest (HTTP-Redirect
 * binding) at `/sso` with an auto-posting form holding a signed Response for `user`, and lets a
 * test bend the next Response (audience, expiry, InResponseTo, signing key) to prove each is
 * refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import samlify from 'samlify';
import { generate } from 'selfsigned';

// The test IdP does not validate our requests against the SAML schema (that needs Java or a
// WASM xmllint); samlify refuses to parse without a validator, so it gets one that accepts.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** Attribute names the test IdP sends (as an Azure AD / ADFS IdP would). */
export const SAML_ATTRIBUTES = {
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
} as const;

export interface SamlTestUser {
  nameId: string;
  email: string;
  givenName: string;
}

/** How the next Response differs from a correct one. */
export interface ResponseTweaks {
  audience?: string;
  /** Conditions and SubjectConfirmationData NotOnOrAfter. */
  notOnOrAfter?: Date;
  inResponseTo?: string;
  destination?: string;
  issuer?: string;
  /** Sign with another key than the one in the metadata. */
  foreignKey?: boolean;
  /** Leave every signature out. */
  unsigned?: boolean;
}

/** What the IdP answered with: the form an auto-posting page would send to the ACS. */
export interface IdpAnswer {
  action: string;
  SAMLResponse: string;
  RelayState: string;
  /** The AuthnRequest as the IdP read it. */
  request: { id: string; issuer: string; acsUrl?: string; destination?: string };
}

async function keyPair() {
  const pems = await generate([{ name: 'commonName', value: 'saml-idp.test' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 2 * 86_400_000),
    algorithm: 'sha256',
  });
  return { privateKey: pems.private, cert: pems.cert };
}

function makeIdp(entityID: string, ssoUrl: string, key: { privateKey: string; cert: string }) {
  return samlify.IdentityProvider({
    entityID,
    privateKey: key.privateKey,
    signingCert: key.cert,
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    singleSignOnService: [{ Binding: REDIRECT, Location: ssoUrl }],
    singleLogoutService: [{ Binding: REDIRECT, Location: ssoUrl.replace(/sso$/, 'slo') }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'],
    loginResponseTemplate: {
      context: samlify.SamlLib.defaultLoginResponseTemplate.context,
      attributes: [
        {
          name: SAML_ATTRIBUTES.email,
          valueTag: 'email',
          nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
          valueXsiType: 'xs:string',
        },
        {
          name: SAML_ATTRIBUTES.givenName,
          valueTag: 'givenName',
          nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
          valueXsiType: 'xs:string',
        },
      ],
    },
  });
}

function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The fields of the IdP's auto-posting form. */
export function readPostForm(html: string): { action: string; fields: Record<string, string> } {
  const action = decodeHtml(/<form[^>]*action="([^"]*)"/i.exec(html)?.[1] ?? '');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)) {
    fields[m[1] as string] = decodeHtml(m[2] as string);
  }
  return { action, fields };
}

/** Starts the test IdP on a loopback port. */
export async function startSamlIdp(options: { user: SamlTestUser }) {
  let user = options.user;
  let tweaks: ResponseTweaks = {};
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityID = `${origin}/metadata`;
  const ssoUrl = `${origin}/sso`;
  const idp = makeIdp(entityID, ssoUrl, await keyPair());
  const impostor = makeIdp(entityID, ssoUrl, await keyPair());
  const sps = new Map<string, string>(); // SP entity id → ACS URL
  let lastAnswer: IdpAnswer | undefined;

  async function answer(url: URL): Promise<IdpAnswer> {
    const query = Object.fromEntries(url.searchParams);
    // Read the issuer first to pick the SP; samlify then parses the request against it.
    const anySp = samlify.ServiceProvider({ entityID: 'unknown', assertionConsumerService: [] });
    const peek = await idp.parseLoginRequest(anySp, 'redirect', { query, octetString: '' });
    const issuer = String(peek.extract.issuer ?? '');
    const acsUrl = sps.get(issuer);
    if (!acsUrl) throw new Error(`unknown service provider ${issuer}`);
    const requestId = String(peek.extract.request?.id ?? '');
    const sp = samlify.ServiceProvider({
      entityID: issuer,
      assertionConsumerService: [{ Binding: POST, Location: acsUrl }],
      wantAssertionsSigned: true,
      wantMessageSigned: true,
    });
    const t = tweaks;
    tweaks = {};
    const now = new Date();
    const later = t.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const signer = t.foreignKey ? impostor : idp;
    const result = await signer.createLoginResponse(
      sp,
      { extract: peek.extract },
      'post',
      { email: user.email },
      {
        relayState: query.RelayState,
        customTagReplacement: (template: string) => {
          const id = `_${crypto.randomUUID()}`;
          const context = samlify.SamlLib.replaceTagsByValue(template, {
            ID: id,
            AssertionID: `_${crypto.randomUUID()}`,
            Destination: t.destination ?? acsUrl,
            Audience: t.audience ?? issuer,
            SubjectRecipient: acsUrl,
            Issuer: t.issuer ?? entityID,
            IssueInstant: now.toISOString(),
            StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
            ConditionsNotBefore: new Date(now.getTime() - 60_000).toISOString(),
            ConditionsNotOnOrAfter: later.toISOString(),
            SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
            NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
            NameID: user.nameId,
            InResponseTo: t.inResponseTo ?? requestId,
            AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_s${id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
            attrEmail: user.email,
            attrGivenName: user.givenName,
          });
          return { id, context };
        },
      },
    );
    let xml = Buffer.from(result.context, 'base64').toString('utf8');
    if (t.unsigned) xml = xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
    const answered: IdpAnswer = {
      action: acsUrl,
      SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
      RelayState: query.RelayState ?? '',
      request: {
        id: requestId,
        issuer,
        acsUrl: String(peek.extract.request?.assertionConsumerServiceUrl ?? ''),
        destination: String(peek.extract.request?.destination ?? ''),
      },
    };
    lastAnswer = answered;
    return answered;
  }

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      res.end(idp.getMetadata());
      return;
    }
    if (url.pathname === '/sso') {
      answer(url).then(
        (a) => {
          const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end(
            `<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${esc(a.action)}"><input type="hidden" name="SAMLResponse" value="${esc(a.SAMLResponse)}"><input type="hidden" name="RelayState" value="${esc(a.RelayState)}"></form></body>`,
          );
        },
        (err: Error) => {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(err.message);
        },
      );
      return;
    }
    res.writeHead(404).end();
  });

  return {
    origin,
    entityID,
    ssoUrl,
    metadataUrl: `${origin}/metadata`,
    metadata: (): string => idp.getMetadata(),
    /** Trusts a service provider (its entity id and ACS URL), as an IdP admin would. */
    trust(spEntityId: string, acsUrl: string): void {
      sps.set(spEntityId, acsUrl);
    },
    setUser(next: SamlTestUser): void {
      user = next;
    },
    /** Bends the next Response only. */
    tweakNext(next: ResponseTweaks): void {
      tweaks = next;
    },
    lastAnswer: (): IdpAnswer | undefined => lastAnswer,
    close: (): Promise<void> => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type TestSamlIdp = Awaited<ReturnType<typeof startSamlIdp>>;
