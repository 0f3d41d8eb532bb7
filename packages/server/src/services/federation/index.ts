// Federation: identity providers of a pool and sign-in through them (OIDC and the social
// presets here; SAML in saml*.ts).
export * from './endpoint-overrides.ts';
export * from './federated-user.ts';
export * from './idp-response.ts';
export * from './provider-details.ts';
export * from './providers.ts';
export * from './upstream.ts';
