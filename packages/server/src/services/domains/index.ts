// Pool domains: where a pool's OAuth endpoints and hosted pages are served (a prefix under the
// public URL, or a custom host name with a certificate from the configuration).
export * from './confirmation-link.ts';
export * from './custom-domains.ts';
export * from './domains.ts';
export * from './resolve.ts';
export * from './rules.ts';
