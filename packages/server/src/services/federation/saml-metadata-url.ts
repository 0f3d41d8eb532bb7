import { InvalidParameterException } from '../errors.ts';
import { type IdpMetadata, MAX_METADATA_BYTES, parseIdpMetadata } from './saml-metadata.ts';

/** How long fetched metadata is reused before it is fetched again (Cognito refreshes too). */
const CACHE_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5000;
const cache = new Map<string, { metadata: IdpMetadata; at: number }>();

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** https, or http on a loopback address only (a local IdP in development and tests). */
function metadataUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidParameterException('MetadataURL is not a valid URL.');
  }
  const allowed =
    url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed) throw new InvalidParameterException('MetadataURL must use https.');
  return url;
}

async function download(url: URL): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
  } catch (err) {
    throw new InvalidParameterException(
      'Unable to retrieve metadata from MetadataURL.',
      `fetch failed: ${(err as Error).message}`,
    );
  }
  if (!res.ok) {
    throw new InvalidParameterException(
      'Unable to retrieve metadata from MetadataURL.',
      `status ${res.status}`,
    );
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_METADATA_BYTES) {
    throw new InvalidParameterException('Invalid SAML metadata.', 'metadata too large');
  }
  const body = await res.arrayBuffer();
  if (body.byteLength > MAX_METADATA_BYTES) {
    throw new InvalidParameterException('Invalid SAML metadata.', 'metadata too large');
  }
  return Buffer.from(body).toString('utf8');
}

/**
 * A SAML provider's metadata from its MetadataURL, reused for an hour unless `fresh` (saving a
 * provider always fetches, so a wrong URL is refused then and not at the first sign-in).
 */
export async function fetchSamlMetadata(value: string, fresh: boolean): Promise<IdpMetadata> {
  const url = metadataUrl(value);
  const cached = cache.get(url.href);
  if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.metadata;
  const metadata = parseIdpMetadata(await download(url));
  cache.set(url.href, { metadata, at: Date.now() });
  return metadata;
}
