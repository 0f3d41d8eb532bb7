import type { IdentityPool } from '@aws-sdk/client-cognito-identity';
import type {
  GetUserPoolMfaConfigResponse,
  IdentityProviderType,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthAnswers, IdentityPoolAnswers, LoginProvider } from './answers.ts';
import { LOGIN_PROVIDERS } from './answers.ts';
import { identityPoolBaseName } from './identity-pool.ts';
import { mfaTypesOf } from './mfa.ts';
import {
  defaultOAuth,
  type OAuthAnswers,
  type OAuthFlow,
  type ProviderCredential,
  type ProviderCredentials,
  prefixOf,
  SOCIAL_PROVIDERS,
  type SocialProvider,
} from './oauth.ts';
import { basePoolName, effectiveTemplate } from './plan-managed.ts';
import { triggersFromLambdaConfig } from './triggers.ts';

/**
 * The answers that describe what the server has, starting from the saved ones (for what the
 * server does not report, such as the sign-in choice). `mfa` is GetUserPoolMfaConfig's answer,
 * needed when MFA is on; `region` is the one the definitions' function ARNs are written in.
 */
export function answersFromServer(
  a: AuthAnswers,
  pool: UserPoolType,
  client: UserPoolClientType,
  opts: {
    mfa?: GetUserPoolMfaConfigResponse;
    region: string;
    /** The hosted UI on the server (the pool's domain and social providers) and the env name. */
    hostedUi?: { domain?: string; providers: Map<string, IdentityProviderType>; envName: string };
  },
): AuthAnswers {
  const policy = pool.Policies?.PasswordPolicy;
  const template = effectiveTemplate(pool);
  const mode = pool.MfaConfiguration ?? 'OFF';
  const mfa = opts.mfa;
  const devices = pool.DeviceConfiguration;
  const { triggers, preTokenGenerationVersion } = triggersFromLambdaConfig(
    pool.LambdaConfig,
    opts.region,
  );
  return {
    ...a,
    // Push names the pool <userPoolName>-<env>: the answer is the name without it.
    userPoolName: pool.Name
      ? opts.hostedUi
        ? basePoolName(pool.Name, opts.hostedUi.envName)
        : pool.Name
      : a.userPoolName,
    passwordPolicy: {
      minLength: policy?.MinimumLength ?? a.passwordPolicy.minLength,
      requireLowercase: Boolean(policy?.RequireLowercase),
      requireUppercase: Boolean(policy?.RequireUppercase),
      requireNumbers: Boolean(policy?.RequireNumbers),
      requireSymbols: Boolean(policy?.RequireSymbols),
    },
    mfa: {
      mode,
      // With MFA off the server keeps no factors worth reading; the saved choice stays.
      types: mode !== 'OFF' && mfa ? mfaTypesOf(mfa) : a.mfa.types,
      smsMessage:
        mfa?.SmsMfaConfiguration?.SmsAuthenticationMessage ??
        pool.SmsAuthenticationMessage ??
        a.mfa.smsMessage,
      emailSubject: mfa?.EmailMfaConfiguration?.Subject ?? a.mfa.emailSubject,
      emailMessage: mfa?.EmailMfaConfiguration?.Message ?? a.mfa.emailMessage,
    },
    devices: devices
      ? {
          challengeRequiredOnNewDevice: Boolean(devices.ChallengeRequiredOnNewDevice),
          onlyRememberedOnUserPrompt: Boolean(devices.DeviceOnlyRememberedOnUserPrompt),
        }
      : undefined,
    emailVerificationSubject: template?.EmailSubject ?? a.emailVerificationSubject,
    emailVerificationMessage: template?.EmailMessage ?? a.emailVerificationMessage,
    smsVerificationMessage: template?.SmsMessage ?? a.smsVerificationMessage,
    refreshTokenDays: client.RefreshTokenValidity ?? a.refreshTokenDays,
    oauth: opts.hostedUi ? oauthFromServer(a, client, opts.hostedUi) : a.oauth,
    triggers,
    preTokenGenerationVersion:
      triggers.PreTokenGeneration !== undefined
        ? preTokenGenerationVersion
        : a.preTokenGenerationVersion,
  };
}

/**
 * The hosted UI answers for what the server has: the domain's prefix (without the environment's
 * `-<env>`), the client's OAuth settings, and the providers the client names that exist, with
 * their app ids and secrets (kept in the local secrets file, never in cli-inputs.json).
 */
function oauthFromServer(
  a: AuthAnswers,
  client: UserPoolClientType,
  server: { domain?: string; providers: Map<string, IdentityProviderType>; envName: string },
): OAuthAnswers | undefined {
  const flows = (client.AllowedOAuthFlows ?? []).filter(
    (f): f is OAuthFlow => f === 'code' || f === 'implicit',
  );
  if (!server.domain && !flows.length) return undefined;
  const start = a.oauth ?? defaultOAuth(a.resourceName);
  const providers = (client.SupportedIdentityProviders ?? []).filter(
    (p): p is SocialProvider =>
      SOCIAL_PROVIDERS.includes(p as SocialProvider) && server.providers.has(p),
  );
  const credentials: ProviderCredentials = {};
  for (const p of providers) {
    const details = server.providers.get(p)?.ProviderDetails ?? {};
    if (details.client_id) credentials[p] = details as unknown as ProviderCredential;
  }
  return {
    domainPrefix: server.domain ? prefixOf(server.domain, server.envName) : start.domainPrefix,
    redirectSignIn: client.CallbackURLs ?? [],
    redirectSignOut: client.LogoutURLs ?? [],
    flows: flows.length ? flows : start.flows,
    scopes: client.AllowedOAuthScopes ?? start.scopes,
    providers,
    credentials,
  };
}

/**
 * The identity pool's answers for what the server has: its name without the environment's
 * `__<env>`, guest access, and the third-party providers the CLI knows.
 */
export function identityPoolAnswers(pool: IdentityPool, envName: string): IdentityPoolAnswers {
  const loginProviders = Object.fromEntries(
    Object.entries(pool.SupportedLoginProviders ?? {}).filter(([p]) => p in LOGIN_PROVIDERS),
  ) as Partial<Record<LoginProvider, string>>;
  return {
    name: identityPoolBaseName(pool.IdentityPoolName ?? '', envName),
    allowUnauthenticated: Boolean(pool.AllowUnauthenticatedIdentities),
    ...(Object.keys(loginProviders).length ? { loginProviders } : {}),
  };
}
