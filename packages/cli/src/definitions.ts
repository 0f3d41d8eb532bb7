import { existsSync } from 'node:fs';
import path from 'node:path';
import type {
  CreateUserPoolClientRequest,
  CreateUserPoolRequest,
  SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthAnswers } from './answers.ts';
import { readJson, readJsonIfExists, writeJson } from './files.ts';
import { buildMfaDefinition, type MfaDefinition, smsConfiguration } from './mfa.ts';
import { defaultOAuth, providerMeta } from './oauth.ts';
import { CliError } from './output.ts';
import { buildLambdaConfig } from './triggers.ts';

/** The client definition: CreateUserPoolClient's request without the pool id it gets at push. */
export type ClientDefinition = Omit<CreateUserPoolClientRequest, 'UserPoolId'>;

/** An identity pool in Cognito Identity's CreateIdentityPool shape. */
export interface IdentityPoolDefinition {
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  /**
   * `<Region>`, `<UserPoolId>` and `<UserPoolClientId>` stand for the pushed pool and client.
   * `ServerSideTokenCheck` is false, as the Amplify CLI leaves it.
   */
  CognitoIdentityProviders: {
    ProviderName: string;
    ClientId: string;
    ServerSideTokenCheck?: boolean;
  }[];
  /** Third-party providers (`graph.facebook.com`, `accounts.google.com`, …) → app id. */
  SupportedLoginProviders?: Record<string, string>;
}

/**
 * A social provider in CreateIdentityProvider's shape (without the pool id). The app id and
 * secret are not here: push adds them from the environment's local secrets file.
 */
export interface IdentityProviderDefinition {
  ProviderName: string;
  ProviderType: string;
  ProviderDetails: Record<string, string>;
  AttributeMapping: Record<string, string>;
}

/** Everything under `cognate/backend/auth/<name>/` that push reads. */
export interface AuthDefinitions {
  userPool: CreateUserPoolRequest;
  /** SetUserPoolMfaConfig's request: the MFA mode and each factor (SMS, TOTP, email). */
  mfa?: MfaDefinition;
  client: ClientDefinition;
  /**
   * The hosted UI's domain prefix: push creates the pool domain `<Domain>-<env>`, as the Amplify
   * CLI appends the environment's name.
   */
  domain?: { Domain: string };
  identityProviders?: IdentityProviderDefinition[];
  identityPool?: IdentityPoolDefinition;
  /** The user pool groups in CreateGroup's shape (Precedence 1 first). */
  groups?: GroupDefinition[];
}

/** A user pool group: CreateGroup's request without the pool id. */
export interface GroupDefinition {
  GroupName: string;
  Precedence: number;
}

const FILES = {
  userPool: 'user-pool.json',
  mfa: 'mfa-config.json',
  client: 'user-pool-client.json',
  domain: 'user-pool-domain.json',
  identityProviders: 'identity-providers.json',
  identityPool: 'identity-pool.json',
  groups: 'user-pool-groups.json',
} as const;

/** Cognito's default link email (`EmailSubjectByLink`, `EmailMessageByLink`). */
export const DEFAULT_LINK = {
  subject: 'Your verification link',
  message: 'Please click the link below to verify your email address. {##Verify Email##}',
};

const SIGN_IN = {
  username: undefined,
  email: ['email'],
  phone: ['phone_number'],
  'email-or-phone': ['email', 'phone_number'],
} as const;

/**
 * The Cognito API shapes the answers stand for. Trigger functions given by name get ARNs in
 * `region` (the server runs them by name whatever the ARN's region).
 */
export function buildDefinitions(a: AuthAnswers, region = 'us-east-1'): AuthDefinitions {
  const usernameAttributes = SIGN_IN[a.signIn];
  const required = new Set(a.requiredAttributes);
  if (a.signIn === 'email' || a.signIn === 'email-or-phone') required.add('email');
  if (a.signIn === 'phone') required.add('phone_number');
  const schema: SchemaAttributeType[] = [
    ...[...required].map((name) => ({
      Name: name,
      AttributeDataType: 'String' as const,
      Required: true,
      Mutable: true,
    })),
    ...a.customAttributes.map((c) => ({
      Name: c.name,
      AttributeDataType: c.type,
      Required: false,
      Mutable: c.mutable,
    })),
  ];
  const verified = a.autoVerifiedAttributes ?? (required.has('email') ? ['email' as const] : []);
  const link = a.emailVerificationOption === 'CONFIRM_WITH_LINK';
  const userPool: CreateUserPoolRequest = {
    PoolName: a.userPoolName,
    ...(usernameAttributes ? { UsernameAttributes: [...usernameAttributes] } : {}),
    UsernameConfiguration: { CaseSensitive: false },
    Schema: schema,
    AutoVerifiedAttributes: verified,
    Policies: {
      PasswordPolicy: {
        MinimumLength: a.passwordPolicy.minLength,
        RequireLowercase: a.passwordPolicy.requireLowercase,
        RequireUppercase: a.passwordPolicy.requireUppercase,
        RequireNumbers: a.passwordPolicy.requireNumbers,
        RequireSymbols: a.passwordPolicy.requireSymbols,
        TemporaryPasswordValidityDays: 7,
      },
    },
    MfaConfiguration: a.mfa.mode,
    VerificationMessageTemplate: {
      DefaultEmailOption: link ? 'CONFIRM_WITH_LINK' : 'CONFIRM_WITH_CODE',
      EmailSubject: a.emailVerificationSubject,
      EmailMessage: a.emailVerificationMessage,
      SmsMessage: a.smsVerificationMessage,
      ...(link
        ? {
            EmailSubjectByLink: a.emailLinkSubject ?? DEFAULT_LINK.subject,
            EmailMessageByLink: a.emailLinkMessage ?? DEFAULT_LINK.message,
          }
        : {}),
    },
    LambdaConfig: buildLambdaConfig(a.triggers, {
      region,
      preTokenGenerationVersion: a.preTokenGenerationVersion,
    }),
  };
  if (a.mfa.mode !== 'OFF' && a.mfa.types.includes('SMS')) {
    // The same message and SMS role as the MFA definition: UpdateUserPool resets what it is
    // not given, so the pool definition must carry them too.
    userPool.SmsAuthenticationMessage = a.mfa.smsMessage;
    userPool.SmsConfiguration = smsConfiguration(a.resourceName);
  }
  if (a.devices) {
    userPool.DeviceConfiguration = {
      ChallengeRequiredOnNewDevice: a.devices.challengeRequiredOnNewDevice,
      DeviceOnlyRememberedOnUserPrompt: a.devices.onlyRememberedOnUserPrompt,
    };
  }
  const base = a.resourceName;
  const client: ClientDefinition = {
    ClientName: `${base}_app_clientWeb`,
    GenerateSecret: false,
    RefreshTokenValidity: a.refreshTokenDays,
    TokenValidityUnits: { RefreshToken: 'days' },
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      // The custom challenge triggers are reached only through CUSTOM_AUTH sign-ins.
      ...(a.triggers.DefineAuthChallenge ? (['ALLOW_CUSTOM_AUTH'] as const) : []),
    ],
  };
  if (a.readAttributes) client.ReadAttributes = [...a.readAttributes];
  if (a.writeAttributes) {
    // Required attributes stay writable: a user could not sign up otherwise.
    client.WriteAttributes = [...new Set([...required, ...a.writeAttributes])];
  }
  const defs: AuthDefinitions = { userPool, mfa: buildMfaDefinition(a), client };
  if (a.userPoolGroups?.length) {
    defs.groups = a.userPoolGroups.map((GroupName, i) => ({ GroupName, Precedence: i + 1 }));
  }
  // A confirmation link leads to the pool's domain, so the pool needs one even without OAuth.
  if (link && !a.oauth) defs.domain = { Domain: defaultOAuth(a.resourceName).domainPrefix };
  if (a.oauth) {
    const o = a.oauth;
    // The Amplify CLI's client settings for the hosted UI: the providers first, then COGNITO.
    Object.assign(client, {
      SupportedIdentityProviders: [...o.providers, 'COGNITO'],
      CallbackURLs: o.redirectSignIn,
      LogoutURLs: o.redirectSignOut,
      AllowedOAuthFlows: o.flows,
      AllowedOAuthScopes: o.scopes,
      AllowedOAuthFlowsUserPoolClient: true,
    });
    defs.domain = { Domain: o.domainPrefix };
    if (o.providers.length) {
      defs.identityProviders = o.providers.map((p) => {
        const meta = providerMeta(p, [...required]);
        return {
          ProviderName: p,
          ProviderType: p,
          ProviderDetails: { authorize_scopes: meta.authorize_scopes },
          AttributeMapping: meta.AttributeMapping,
        };
      });
    }
  }
  if (a.identityPool) {
    defs.identityPool = {
      IdentityPoolName: a.identityPool.name,
      AllowUnauthenticatedIdentities: a.identityPool.allowUnauthenticated,
      CognitoIdentityProviders: [
        {
          ProviderName: 'cognito-idp.<Region>.amazonaws.com/<UserPoolId>',
          ClientId: '<UserPoolClientId>',
          ServerSideTokenCheck: false,
        },
      ],
    };
    const providers = a.identityPool.loginProviders ?? {};
    if (Object.keys(providers).length) defs.identityPool.SupportedLoginProviders = { ...providers };
  }
  return defs;
}

/** Writes the definitions (and drops files of parts no longer defined). */
export function writeDefinitions(dir: string, defs: AuthDefinitions): void {
  writeJson(path.join(dir, FILES.userPool), defs.userPool);
  writeJson(path.join(dir, FILES.client), defs.client);
  for (const key of ['mfa', 'domain', 'identityProviders', 'identityPool', 'groups'] as const) {
    const file = path.join(dir, FILES[key]);
    if (defs[key]) writeJson(file, defs[key]);
    else if (existsSync(file)) writeJson(file, null);
  }
}

/** Reads the definitions, checking the parts push relies on. */
export function readDefinitions(dir: string, name: string): AuthDefinitions {
  const where = `the definitions of auth resource ${name}`;
  const file = path.join(dir, FILES.userPool);
  if (!existsSync(file)) {
    throw new CliError(
      `${name} has no ${FILES.userPool} in ${dir}`,
      'run `cognate update auth` to write it again, or `cognate remove auth` to drop the resource',
      'InvalidConfig',
    );
  }
  const userPool = readJson<CreateUserPoolRequest>(file, where);
  const client = readJson<ClientDefinition>(path.join(dir, FILES.client), where);
  for (const [value, fileName, key] of [
    [userPool, FILES.userPool, 'PoolName'],
    [client, FILES.client, 'ClientName'],
  ] as const) {
    const record = value as unknown as Record<string, unknown> | null;
    if (typeof record !== 'object' || record === null || typeof record[key] !== 'string') {
      throw new CliError(
        `${path.join(dir, fileName)} must be a JSON object with a "${key}" string`,
        `fix the file by hand, or run \`cognate update auth\` to write it again`,
        'InvalidConfig',
      );
    }
  }
  const mfa = readJsonIfExists<MfaDefinition | null>(path.join(dir, FILES.mfa), where) ?? undefined;
  if (mfa !== undefined && (typeof mfa !== 'object' || typeof mfa.MfaConfiguration !== 'string')) {
    throw new CliError(
      `${path.join(dir, FILES.mfa)} must be a JSON object with a "MfaConfiguration" string (OFF, OPTIONAL or ON)`,
      'fix the file by hand, or run `cognate update auth` to write it again',
      'InvalidConfig',
    );
  }
  return {
    userPool,
    mfa,
    client,
    domain: readJsonIfExists(path.join(dir, FILES.domain), where) ?? undefined,
    identityProviders:
      readJsonIfExists(path.join(dir, FILES.identityProviders), where) ?? undefined,
    identityPool: readJsonIfExists(path.join(dir, FILES.identityPool), where) ?? undefined,
    groups: readGroups(path.join(dir, FILES.groups), where),
  };
}

/** The groups file, checked: a list of `{GroupName, Precedence}`. */
function readGroups(file: string, where: string): GroupDefinition[] | undefined {
  const groups = readJsonIfExists<GroupDefinition[] | null>(file, where) ?? undefined;
  if (
    groups !== undefined &&
    (!Array.isArray(groups) ||
      groups.some((g) => typeof g?.GroupName !== 'string' || !Number.isInteger(g.Precedence)))
  ) {
    throw new CliError(
      `${file} must be a JSON list of {"GroupName": "<name>", "Precedence": <whole number>}`,
      'fix the file by hand, or run `cognate update auth` to write it again',
      'InvalidConfig',
    );
  }
  return groups;
}

/**
 * What the definitions ask for that this server cannot do (none today: MFA, devices, triggers,
 * the hosted UI, social providers and identity pools all work). Push shows these in its plan and
 * keeps them in the files, so nothing the user chose is silently dropped.
 */
export function unsupportedParts(_defs: AuthDefinitions): string[] {
  return [];
}
