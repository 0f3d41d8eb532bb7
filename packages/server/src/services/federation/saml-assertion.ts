// Checks a SAML Response posted to the ACS. @node-saml/node-saml verifies the XML signature
// against the metadata's certificates, the Audience, InResponseTo and the validity window; this
// file adds what it leaves out (the assertion's Issuer against the metadata's entity id,
// Destination and Recipient against our ACS, the window again on the server's own clock) and
// reads out the NameID and the attributes.
import type { Profile, SAML } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Clock } from '../context.ts';
import { SAML_CLOCK_SKEW_MS } from './saml-sp.ts';

/** Largest SAMLResponse accepted, in characters (Cognito's limit for /saml2/idpresponse). */
export const MAX_SAML_RESPONSE_LENGTH = 100_000;

/** A Response that does not sign this user in; `detail` is for logs only. */
export class SamlResponseError extends Error {
  readonly detail: string;
  constructor(detail: string) {
    super('Invalid SAML response');
    this.name = 'SamlResponseError';
    this.detail = detail;
  }
}

/** Who the IdP says signed in. */
export interface SamlIdentity {
  /** The assertion's NameID (the user's id at the IdP). */
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  /** Attribute values by SAML attribute Name (multi-valued attributes as arrays). */
  attributes: Record<string, string | string[]>;
}

type XmlJs = Record<string, unknown> & { $?: Record<string, string> };

function first(node: unknown, name: string): XmlJs | undefined {
  const list = (node as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(list) ? (list[0] as XmlJs) : undefined;
}

function all(node: unknown, name: string): XmlJs[] {
  const list = (node as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(list) ? (list as XmlJs[]) : [];
}

/** The root Response's Destination, read before node-saml parses (attribute of the root only). */
function responseDestination(xml: string): string | undefined {
  const doc = new DOMParser({ errorHandler: { warning: () => {} } }).parseFromString(
    xml,
    'text/xml',
  );
  return doc.documentElement?.getAttribute('Destination') || undefined;
}

function checkWindow(clock: Clock, notBefore?: string, notOnOrAfter?: string): void {
  const now = clock.now();
  if (notBefore && Date.parse(notBefore) - SAML_CLOCK_SKEW_MS > now) {
    throw new SamlResponseError('assertion not yet valid');
  }
  if (notOnOrAfter && Date.parse(notOnOrAfter) + SAML_CLOCK_SKEW_MS <= now) {
    throw new SamlResponseError('assertion expired');
  }
}

/** Checks the verified assertion's Recipient and validity window with the server's clock. */
function checkAssertion(profile: Profile, acs: string, clock: Clock): void {
  const assertion = profile.getAssertion?.()?.Assertion;
  if (!assertion) throw new SamlResponseError('no assertion');
  const conditions = first(assertion, 'Conditions');
  checkWindow(clock, conditions?.$?.NotBefore, conditions?.$?.NotOnOrAfter);
  const confirmations = all(first(assertion, 'Subject'), 'SubjectConfirmation');
  const bearer = confirmations
    .map((c) => first(c, 'SubjectConfirmationData')?.$)
    .filter((data): data is Record<string, string> => data !== undefined);
  if (bearer.length === 0) throw new SamlResponseError('no SubjectConfirmationData');
  // SAML profiles §4.1.4.3: the bearer confirmation names the ACS it was meant for.
  const meant = bearer.find((data) => !data.Recipient || data.Recipient === acs);
  if (!meant) throw new SamlResponseError('Recipient is not this ACS');
  checkWindow(clock, meant.NotBefore, meant.NotOnOrAfter);
}

function attributesOf(profile: Profile): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const raw = (profile.attributes ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) {
      const strings = value.filter((v): v is string => typeof v === 'string');
      if (strings.length > 0) out[name] = strings.length === 1 ? (strings[0] as string) : strings;
    }
  }
  return out;
}

/**
 * Validates a posted SAMLResponse (base64) for one sign-in and returns the identity it asserts.
 * Throws SamlResponseError for anything short of a valid, signed, unexpired Response addressed
 * to this pool's ACS in answer to this sign-in's AuthnRequest.
 */
export async function validateSamlResponse(
  saml: SAML,
  input: { samlResponse: string; acs: string; issuer: string; clock: Clock },
): Promise<SamlIdentity> {
  const { samlResponse, acs, clock } = input;
  if (samlResponse.length > MAX_SAML_RESPONSE_LENGTH) throw new SamlResponseError('too large');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) throw new SamlResponseError('not base64');
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  // No DTDs in a message from outside: no entity expansion, no external fetches.
  if (/<!DOCTYPE/i.test(xml)) throw new SamlResponseError('DOCTYPE in response');
  const destination = responseDestination(xml);
  if (destination !== undefined && destination !== acs) {
    throw new SamlResponseError('Destination is not this ACS');
  }
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (err) {
    throw new SamlResponseError((err as Error).message);
  }
  if (!profile) throw new SamlResponseError('no profile in response');
  // The signed assertion's Issuer must be the entity the metadata describes.
  if (profile.issuer !== input.issuer) throw new SamlResponseError('Issuer is not the IdP');
  checkAssertion(profile, acs, clock);
  if (!profile.nameID) throw new SamlResponseError('no NameID');
  return {
    nameId: profile.nameID,
    ...(profile.nameIDFormat ? { nameIdFormat: profile.nameIDFormat } : {}),
    ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}),
    attributes: attributesOf(profile),
  };
}
