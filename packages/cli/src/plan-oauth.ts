import {
  type CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolDomainCommand,
  type IdentityProviderType,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthDefinitions, IdentityProviderDefinition } from './definitions.ts';
import { describeDifference, diff } from './diff.ts';
import { domainNameOf, hostedUiBase } from './hosted-ui.ts';
import {
  domainFor,
  type ProviderCredential,
  type ProviderCredentials,
  SOCIAL_PROVIDERS,
  type SocialProvider,
} from './oauth.ts';
import type { ResourcePlan, Step } from './plan-types.ts';

// The hosted UI's part of a plan: the pool domain (Amplify's `<prefix>-<env>`) and the social
// providers, planned from DescribeUserPool, the discovery document, ListIdentityProviders and
// DescribeIdentityProvider, and applied as the Amplify CLI's custom resources do (a changed
// prefix deletes the old domain and creates the new one; providers no longer named are deleted).

/** What planning the hosted UI needs besides the definitions. */
export interface HostedUiContext {
  envName: string;
  endpoint: string;
  /** The providers' app ids and secrets for this environment (local secrets file). */
  credentials: ProviderCredentials;
}

/**
 * The request each step sends, kept beside the plan rather than in it: the plan is printed and
 * returned by `--json`, and a provider's request carries its secret.
 */
const requests = new WeakMap<Step, Record<string, unknown>>();

const SECRET_KEYS = new Set(['client_secret', 'private_key']);

const isNotFound = (err: unknown) => (err as Error).name === 'ResourceNotFoundException';

/** The pool's domain now: DescribeUserPool's `Domain`, else the discovery document's. */
async function currentDomain(endpoint: string, pool: UserPoolType): Promise<string | undefined> {
  if (pool.Domain) return pool.Domain;
  const base = await hostedUiBase(endpoint, pool.Id as string);
  return base ? domainNameOf(base) : undefined;
}

/** The pool that holds `domain` on the server, if any. */
async function domainOwner(api: CognitoIdentityProviderClient, domain: string) {
  try {
    const res = await api.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    return res.DomainDescription?.UserPoolId;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The domain step: create, replace (update), delete or no change. */
export async function planDomain(
  api: CognitoIdentityProviderClient,
  plan: ResourcePlan,
  defs: AuthDefinitions,
  pool: UserPoolType | undefined,
  ctx: HostedUiContext,
): Promise<void> {
  const desired = defs.domain ? domainFor(defs.domain.Domain, ctx.envName) : undefined;
  const current = pool ? await currentDomain(ctx.endpoint, pool) : undefined;
  if (!desired && !current) return;
  const step: Step = { resource: plan.name, object: 'domain', action: 'no-change', changes: [] };
  if (desired && desired !== current) {
    if (desired.length > 63 || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(desired)) {
      plan.blocked.push(
        `domain ${desired}: a domain is at most 63 lowercase letters, digits and hyphens (the prefix plus "-${ctx.envName}"); choose a shorter prefix with \`cognate update auth\``,
      );
    }
    const owner = await domainOwner(api, desired);
    if (owner && owner === pool?.Id) {
      // The server knows the domain is this pool's even if DescribeUserPool did not say so.
      plan.steps.push({ ...step, id: desired });
      return;
    }
    if (owner) {
      plan.blocked.push(
        `domain ${desired} belongs to another pool (${owner}); choose another prefix with \`cognate update auth\``,
      );
    }
  }
  if (desired === current) {
    plan.steps.push({ ...step, id: desired });
  } else if (desired && !current) {
    step.action = 'create';
    step.id = desired;
    step.changes = [`Domain: ${desired} (the hosted UI's address)`];
    requests.set(step, { Domain: desired });
    plan.steps.push(step);
  } else if (desired && current) {
    step.action = 'update';
    step.id = desired;
    step.changes = [`Domain: "${current}" → "${desired}" (the old domain is deleted)`];
    requests.set(step, { Domain: desired, previous: current });
    plan.steps.push(step);
  } else if (current) {
    step.action = 'delete';
    step.id = current;
    step.changes = ['the hosted UI is turned off'];
    requests.set(step, { previous: current });
    plan.steps.push(step);
  }
}

/** The social providers on the pool (OIDC and SAML providers made elsewhere are left alone). */
async function socialProviders(
  api: CognitoIdentityProviderClient,
  pool: UserPoolType,
): Promise<Map<string, IdentityProviderType>> {
  const found = new Map<string, IdentityProviderType>();
  let NextToken: string | undefined;
  do {
    const page = await api.send(
      new ListIdentityProvidersCommand({ UserPoolId: pool.Id, MaxResults: 60, NextToken }),
    );
    for (const p of page.Providers ?? []) {
      if (!SOCIAL_PROVIDERS.includes(p.ProviderType as SocialProvider)) continue;
      const full = await api.send(
        new DescribeIdentityProviderCommand({
          UserPoolId: pool.Id,
          ProviderName: p.ProviderName,
        }),
      );
      if (full.IdentityProvider) found.set(p.ProviderName as string, full.IdentityProvider);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

/**
 * The hosted UI as the server has it: the pool's domain and its social providers (with their
 * details), for `pull`.
 */
export async function hostedUiOnServer(
  api: CognitoIdentityProviderClient,
  endpoint: string,
  pool: UserPoolType,
): Promise<{ domain?: string; providers: Map<string, IdentityProviderType> }> {
  return {
    domain: await currentDomain(endpoint, pool),
    providers: await socialProviders(api, pool),
  };
}

/** A diff line that never shows a secret. */
function describeDetail(path: string, from: unknown, to: unknown): string {
  const key = path.split('.').pop() ?? '';
  if (SECRET_KEYS.has(key)) return `${path}: ${from === undefined ? 'set' : 'changed'}`;
  return describeDifference({ path, from, to });
}

/**
 * Steps for the providers: creates and updates (before the app client, which names them in
 * SupportedIdentityProviders) and deletes (after it, once no client names them).
 */
export async function planProviders(
  api: CognitoIdentityProviderClient,
  plan: ResourcePlan,
  defs: AuthDefinitions,
  pool: UserPoolType | undefined,
  ctx: HostedUiContext,
): Promise<{ before: Step[]; after: Step[] }> {
  const desired = defs.identityProviders ?? [];
  const existing = pool ? await socialProviders(api, pool) : new Map();
  const before: Step[] = [];
  const after: Step[] = [];
  for (const def of desired) {
    const credential = ctx.credentials[def.ProviderName as SocialProvider];
    const actual = existing.get(def.ProviderName);
    if (!actual) {
      if (!credential) {
        plan.blocked.push(
          `identity provider ${def.ProviderName}: no app id and secret for environment ${ctx.envName} (they are kept out of git, in cognate/.config/local-secrets.json); enter them with \`cognate update auth\` (Update OAuth social providers), or --headless '{"oauth":{"credentials":{"${def.ProviderName}":{…}}}}'`,
        );
        continue;
      }
      const step: Step = {
        resource: plan.name,
        object: 'identity provider',
        action: 'create',
        id: def.ProviderName,
        changes: [
          `ProviderType: ${def.ProviderType}`,
          `client_id: ${credential.client_id}`,
          `authorize_scopes: ${def.ProviderDetails.authorize_scopes ?? '(none)'}`,
          `AttributeMapping: ${JSON.stringify(def.AttributeMapping)}`,
        ],
      };
      requests.set(step, { ...request(def, credential), ProviderType: def.ProviderType });
      before.push(step);
      continue;
    }
    // Without local credentials (a fresh clone) the server's app id and secret stay as they are.
    const details: Record<string, string> = {
      ...pickCredential(actual.ProviderDetails ?? {}),
      ...request(def, credential).ProviderDetails,
    };
    const actualDetails = actual.ProviderDetails ?? {};
    const compared = Object.fromEntries(
      // A server that does not give secrets back cannot be compared on them.
      Object.entries(details).filter(([k]) => !SECRET_KEYS.has(k) || k in actualDetails),
    );
    const changes = [
      ...diff(compared, actualDetails, 'ProviderDetails'),
      ...diff(def.AttributeMapping, actual.AttributeMapping ?? {}, 'AttributeMapping'),
    ].map((d) => describeDetail(d.path, d.from, d.to));
    const step: Step = {
      resource: plan.name,
      object: 'identity provider',
      action: changes.length ? 'update' : 'no-change',
      id: def.ProviderName,
      changes,
    };
    requests.set(step, {
      ProviderName: def.ProviderName,
      ProviderDetails: details,
      AttributeMapping: def.AttributeMapping,
    });
    before.push(step);
  }
  const named = new Set(desired.map((d) => d.ProviderName));
  for (const name of existing.keys()) {
    if (named.has(name)) continue;
    const step: Step = {
      resource: plan.name,
      object: 'identity provider',
      action: 'delete',
      id: name,
      changes: ['no longer among the social providers'],
    };
    requests.set(step, { ProviderName: name });
    after.push(step);
  }
  return { before, after };
}

/** The provider's request: the definition's details with the environment's credentials. */
function request(def: IdentityProviderDefinition, credential: ProviderCredential | undefined) {
  return {
    ProviderName: def.ProviderName,
    ProviderDetails: {
      ...def.ProviderDetails,
      ...(credential ? pickCredential(credential as unknown as Record<string, string>) : {}),
    } as Record<string, string>,
    AttributeMapping: def.AttributeMapping,
  };
}

/** The credential members of a provider's details. */
export function pickCredential(details: Record<string, string>): Record<string, string> {
  const keys = ['client_id', 'client_secret', 'team_id', 'key_id', 'private_key'];
  return Object.fromEntries(Object.entries(details).filter(([k]) => keys.includes(k)));
}

/**
 * Applies a domain or identity-provider step; returns the progress line. `userPoolId` is the
 * pool's id, known only once an earlier step has created it.
 */
export async function applyHostedUiStep(
  api: CognitoIdentityProviderClient,
  step: Step,
  userPoolId: string,
  progress: (line: string) => void,
): Promise<void> {
  const req = requests.get(step) ?? {};
  const UserPoolId = userPoolId;
  if (step.object === 'domain') {
    const { Domain, previous } = req as { Domain?: string; previous?: string };
    if (previous) {
      progress(`… deleting domain ${previous}`);
      await api.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain: previous }));
      progress(`✔ deleted domain ${previous}`);
    }
    if (Domain) {
      progress(`… creating domain ${Domain}`);
      await api.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain }));
      progress(`✔ created domain ${Domain}`);
    }
    return;
  }
  const name = step.id as string;
  if (step.action === 'delete') {
    progress(`… deleting identity provider ${name}`);
    await api.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: name }));
    progress(`✔ deleted identity provider ${name}`);
  } else if (step.action === 'create') {
    progress(`… creating identity provider ${name}`);
    const { ProviderName, ProviderType, ProviderDetails, AttributeMapping } =
      req as unknown as IdentityProviderDefinition;
    await api.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName,
        ProviderType: ProviderType as SocialProvider,
        ProviderDetails,
        AttributeMapping,
      }),
    );
    progress(`✔ created identity provider ${name}`);
  } else {
    progress(`… updating identity provider ${name}`);
    const { ProviderName, ProviderDetails, AttributeMapping } = req as {
      ProviderName: string;
      ProviderDetails: Record<string, string>;
      AttributeMapping: Record<string, string>;
    };
    await api.send(
      new UpdateIdentityProviderCommand({
        UserPoolId,
        ProviderName,
        ProviderDetails,
        AttributeMapping,
      }),
    );
    progress(`✔ updated identity provider ${name}`);
  }
}
