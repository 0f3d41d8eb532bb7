// The service-provider side of a pool as Cognito presents it to SAML identity providers, and the
// @node-saml/node-saml instance that speaks it for one sign-in.
import { type CacheProvider, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { IdpMetadata } from './saml-metadata.ts';

/** The pool's SAML entity id, the `Audience` IdPs must address (Cognito's form; never change). */
export function spEntityId(userPoolId: string): string {
  return `urn:amazon:cognito:sp:${userPoolId}`;
}

/** The Assertion Consumer Service of a pool domain: `<domain base>/saml2/idpresponse`. */
export function acsUrl(domainBase: string): string {
  return `${domainBase}/saml2/idpresponse`;
}

/** Clock skew accepted on NotBefore / NotOnOrAfter, as most SAML service providers allow. */
export const SAML_CLOCK_SKEW_MS = 60_000;

/**
 * One AuthnRequest id, known only to the sign-in it was made for. node-saml asks its cache
 * provider whether a response's InResponseTo was issued; this one answers yes for exactly that
 * id, so a response made for another request (or a replay after the flow was taken) is refused.
 */
function oneRequestCache(requestId: string, issuedAt: number): CacheProvider {
  return {
    saveAsync: async (_key, value) => ({ value, createdAt: issuedAt }),
    getAsync: async (key) => (key === requestId ? new Date(issuedAt).toISOString() : null),
    removeAsync: async (key) => key,
  };
}

/** What node-saml needs to know about one sign-in. */
export interface SamlSignIn {
  userPoolId: string;
  /** The pool domain's base URL (the ACS lives under it). */
  domainBase: string;
  metadata: IdpMetadata;
  /** The AuthnRequest's ID (an NCName: starts with `_`). */
  requestId: string;
  /** When the AuthnRequest was made (epoch ms). */
  issuedAt: number;
  /** How long the IdP may take to answer (ms). */
  lifetimeMs: number;
}

/** A node-saml instance for one sign-in with one provider. */
export function samlFor(signIn: SamlSignIn): SAML {
  const entityId = spEntityId(signIn.userPoolId);
  return new SAML({
    entryPoint: signIn.metadata.ssoRedirectUrl,
    issuer: entityId,
    audience: entityId,
    callbackUrl: acsUrl(signIn.domainBase),
    idpCert: signIn.metadata.signingCertificates,
    idpIssuer: signIn.metadata.entityId,
    // Either the Response or its Assertion must carry a valid signature by a metadata
    // certificate (node-saml verifies the assertion whenever the response is unsigned).
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: signIn.lifetimeMs,
    cacheProvider: oneRequestCache(signIn.requestId, signIn.issuedAt),
    generateUniqueId: () => signIn.requestId,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    // The IdP chooses the NameID format and the authentication context, as with Cognito.
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    authnRequestBinding: 'HTTP-Redirect',
  });
}
