// ProviderDetails of a SAML provider as Cognito keeps them: the metadata (MetadataURL or
// MetadataFile) is read when the provider is saved — a document that is not IdP metadata is
// refused then — and the IdP's SSO and SLO redirect URLs are added for Describe to show.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html
import { InvalidParameterException } from '../errors.ts';
import { type IdpMetadata, parseIdpMetadata } from './saml-metadata.ts';
import { fetchSamlMetadata } from './saml-metadata-url.ts';

/**
 * Completes checked SAML ProviderDetails (the caller's keys: MetadataURL or MetadataFile and the
 * flags) with SSORedirectBindingURI and SLORedirectBindingURI read from the metadata, fetching a
 * MetadataURL now. Throws InvalidParameterException when the metadata cannot be read or is not
 * an identity provider's.
 */
export async function completeSamlDetails(
  details: Record<string, string>,
): Promise<Record<string, string>> {
  // Encrypted assertions and signed AuthnRequests need a certificate of the pool's own
  // (Cognito's ActiveEncryptionCertificate, GetSigningCertificate), which this server does not
  // make yet: refuse the settings rather than accept them and fail every sign-in.
  if (details.EncryptedResponses === 'true') {
    throw new InvalidParameterException('EncryptedResponses is not supported yet.');
  }
  if (details.RequestSigningAlgorithm !== undefined) {
    throw new InvalidParameterException('RequestSigningAlgorithm is not supported yet.');
  }
  const metadata = await readMetadata(details, { fresh: true });
  const out: Record<string, string> = { ...details };
  delete out.SSORedirectBindingURI;
  delete out.SLORedirectBindingURI;
  delete out.ActiveEncryptionCertificate;
  out.SSORedirectBindingURI = metadata.ssoRedirectUrl;
  if (metadata.sloRedirectUrl) out.SLORedirectBindingURI = metadata.sloRedirectUrl;
  return out;
}

/**
 * The metadata of a SAML provider: MetadataFile as stored, MetadataURL as fetched (reused for a
 * while; `fresh` fetches again, as saving a provider does).
 */
export async function readMetadata(
  details: Record<string, string>,
  options: { fresh?: boolean } = {},
): Promise<IdpMetadata> {
  if (details.MetadataFile) return parseIdpMetadata(details.MetadataFile);
  if (details.MetadataURL) return fetchSamlMetadata(details.MetadataURL, options.fresh ?? false);
  throw new InvalidParameterException(
    'Exactly one of MetadataURL or MetadataFile is required in ProviderDetails for SAML.',
  );
}
