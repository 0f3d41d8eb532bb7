import { DOMParser } from '@xmldom/xmldom';
import { InvalidParameterException } from '../errors.ts';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** SAML 2.0 binding URIs this service provider speaks. */
export const SAML_BINDINGS = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

/** What a SAML identity provider's metadata tells its service providers. */
export interface IdpMetadata {
  /** The IdP's `entityID`: the `Issuer` its responses must carry. */
  entityId: string;
  /** SingleSignOnService with the HTTP-Redirect binding (where AuthnRequests go). */
  ssoRedirectUrl: string;
  /** SingleLogoutService with the HTTP-Redirect binding, when the IdP offers one. */
  sloRedirectUrl?: string;
  /** Signing certificates, base64 DER (the `ds:X509Certificate` text without whitespace). */
  signingCertificates: string[];
  /** The IdP asks for signed AuthnRequests (`WantAuthnRequestsSigned`). */
  wantAuthnRequestsSigned: boolean;
}

/** Metadata documents larger than this are refused (Cognito caps MetadataFile near 128 KB). */
export const MAX_METADATA_BYTES = 256 * 1024;

function invalid(detail: string): Error {
  return new InvalidParameterException('Invalid SAML metadata.', detail);
}

function elements(parent: Element | Document, ns: string, name: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, name) as unknown as ArrayLike<Element>);
}

function serviceUrl(descriptor: Element, name: string, binding: string): string | undefined {
  for (const service of elements(descriptor, MD, name)) {
    if (service.getAttribute('Binding') === binding) {
      const location = service.getAttribute('Location')?.trim();
      if (location) return location;
    }
  }
  return undefined;
}

/** The signing certificates of a descriptor: KeyDescriptors with `use="signing"` or no `use`. */
function signingCertificates(descriptor: Element): string[] {
  const certs: string[] = [];
  for (const key of elements(descriptor, MD, 'KeyDescriptor')) {
    // Only the IdPSSODescriptor's own keys count, never a nested descriptor's.
    if (key.parentNode !== descriptor) continue;
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const cert of elements(key, DS, 'X509Certificate')) {
      const text = (cert.textContent ?? '').replace(/\s+/g, '');
      if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && !certs.includes(text)) certs.push(text);
    }
  }
  return certs;
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Reads an IdP's SAML 2.0 metadata (an `EntityDescriptor`, or the first entity of an
 * `EntitiesDescriptor` that has an `IDPSSODescriptor`). Throws InvalidParameterException when the
 * document is not metadata, has no HTTP-Redirect SingleSignOnService or no signing certificate —
 * the same checks Cognito makes before it accepts a SAML provider.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES) throw invalid('metadata too large');
  // DOCTYPEs are refused outright: no entity expansion from a document someone else wrote.
  if (/<!DOCTYPE/i.test(xml)) throw invalid('metadata has a DOCTYPE');
  let doc: Document;
  try {
    const errors: string[] = [];
    doc = new DOMParser({
      errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
    if (errors.length > 0 || !doc?.documentElement) throw new Error(errors[0] ?? 'empty');
  } catch (err) {
    throw invalid(`metadata is not XML: ${(err as Error).message}`);
  }
  const entity = elements(doc, MD, 'EntityDescriptor').find(
    (e) => elements(e, MD, 'IDPSSODescriptor').length > 0,
  );
  if (!entity) throw invalid('no EntityDescriptor with an IDPSSODescriptor');
  const entityId = entity.getAttribute('entityID')?.trim();
  if (!entityId) throw invalid('EntityDescriptor has no entityID');
  const descriptor = elements(entity, MD, 'IDPSSODescriptor').find((d) =>
    (d.getAttribute('protocolSupportEnumeration') ?? PROTOCOL).split(/\s+/).includes(PROTOCOL),
  );
  if (!descriptor) throw invalid('no IDPSSODescriptor for SAML 2.0');
  const ssoRedirectUrl = serviceUrl(descriptor, 'SingleSignOnService', SAML_BINDINGS.redirect);
  if (!ssoRedirectUrl || !isUrl(ssoRedirectUrl)) {
    throw invalid('no SingleSignOnService with the HTTP-Redirect binding');
  }
  const slo = serviceUrl(descriptor, 'SingleLogoutService', SAML_BINDINGS.redirect);
  const certs = signingCertificates(descriptor);
  if (certs.length === 0) throw invalid('no signing certificate');
  return {
    entityId,
    ssoRedirectUrl,
    ...(slo && isUrl(slo) ? { sloRedirectUrl: slo } : {}),
    signingCertificates: certs,
    wantAuthnRequestsSigned: descriptor.getAttribute('WantAuthnRequestsSigned') === 'true',
  };
}
