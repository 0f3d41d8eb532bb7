import {
  AddCustomAttributesCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { applyIdentityStep, IDENTITY_OBJECTS, type IdentityApis } from './identity-pool.ts';
import { CliError } from './output.ts';
import { applyGroupStep, GROUP_OBJECT } from './plan-groups.ts';
import { deletePool, updatable } from './plan-managed.ts';
import { applyHostedUiStep } from './plan-oauth.ts';
import type { Action, Plan } from './plan-types.ts';
import type { AuthIds } from './project.ts';

/** What a step did, for progress and `--json`. */
export interface Applied {
  resource: string;
  object: string;
  action: Action;
  id?: string;
}

/**
 * Applies a plan through the management API, saving each new id as soon as it exists, so a push
 * that fails halfway is finished by running it again rather than creating duplicates.
 */
export async function applyPlan(
  plan: Plan,
  api: CognitoIdentityProviderClient,
  save: (resource: string, ids: AuthIds | undefined) => void,
  progress: (line: string) => void,
  identity: IdentityApis,
): Promise<Applied[]> {
  const done: Applied[] = [];
  for (const r of plan.resources) {
    if (r.blocked.length) {
      throw new CliError(
        `auth/${r.name} asks for changes a user pool cannot take: ${r.blocked.join('; ')}`,
        `undo them in cognate/backend/auth/${r.name}/, or remove the resource and add a new one`,
        'Blocked',
      );
    }
  }
  for (const r of plan.resources) {
    const ids = r.ids;
    const defs = r.definitions;
    for (const step of r.steps) {
      if (step.action === 'no-change' || step.action === 'check') continue;
      const what = `${step.object} of auth/${r.name}`;
      if (step.action === 'unlink') {
        save(r.name, undefined);
        progress(`✔ unlinked auth/${r.name}`);
      } else if (step.object === 'user pool' && step.action === 'delete') {
        await deletePool(api, step, progress);
      } else if (IDENTITY_OBJECTS.includes(step.object)) {
        await applyIdentityStep(identity, step, {
          def: defs?.identityPool,
          envName: plan.env,
          region: ids.Region ?? ids.UserPoolId?.split('_')[0] ?? 'us-east-1',
          ids,
          save: () => save(r.name, ids),
          progress,
        });
      } else if (!defs) {
        continue;
      } else if (step.object === 'user pool' && step.action === 'create') {
        progress(`… creating ${what}`);
        // CreateUserPool can only turn SMS MFA on; the MFA step that follows sets the mode with
        // every factor, so the pool starts with MFA off.
        const request = defs.mfa
          ? { ...defs.userPool, MfaConfiguration: 'OFF' as const }
          : defs.userPool;
        const res = await api.send(new CreateUserPoolCommand(request));
        ids.UserPoolId = res.UserPool?.Id;
        ids.Region = ids.UserPoolId?.split('_')[0];
        ids.UserPoolClientId = undefined;
        save(r.name, ids);
        progress(`✔ created ${what}: ${ids.UserPoolId}`);
      } else if (step.object === 'MFA') {
        progress(`… setting ${what}`);
        await api.send(
          new SetUserPoolMfaConfigCommand({ UserPoolId: ids.UserPoolId, ...defs.mfa }),
        );
        progress(`✔ set ${what}: ${defs.mfa?.MfaConfiguration}`);
      } else if (step.object === 'user pool') {
        progress(`… updating ${what}`);
        await api.send(
          new UpdateUserPoolCommand({ UserPoolId: ids.UserPoolId, ...updatable(defs) }),
        );
        progress(`✔ updated ${what}: ${ids.UserPoolId}`);
      } else if (step.object === 'custom attributes') {
        const custom = (defs.userPool.Schema ?? []).filter((a) =>
          step.changes.some((c) => c.startsWith(`custom:${a.Name} `)),
        );
        await api.send(
          new AddCustomAttributesCommand({ UserPoolId: ids.UserPoolId, CustomAttributes: custom }),
        );
        progress(`✔ added ${custom.length} custom attribute(s) to ${ids.UserPoolId}`);
      } else if (step.object === GROUP_OBJECT) {
        await applyGroupStep(api, step, defs, ids.UserPoolId as string, progress);
      } else if (step.object === 'domain' || step.object === 'identity provider') {
        await applyHostedUiStep(api, step, ids.UserPoolId as string, progress);
      } else if (step.object === 'app client' && step.action === 'create') {
        progress(`… creating ${what}`);
        const res = await api.send(
          new CreateUserPoolClientCommand({ UserPoolId: ids.UserPoolId, ...defs.client }),
        );
        ids.UserPoolClientId = res.UserPoolClient?.ClientId;
        save(r.name, ids);
        progress(`✔ created ${what}: ${ids.UserPoolClientId}`);
      } else if (step.object === 'app client') {
        progress(`… updating ${what}`);
        const { GenerateSecret: _g, ...settings } = defs.client;
        await api.send(
          new UpdateUserPoolClientCommand({
            UserPoolId: ids.UserPoolId,
            ClientId: ids.UserPoolClientId,
            ...settings,
          }),
        );
        progress(`✔ updated ${what}: ${ids.UserPoolClientId}`);
      }
      done.push({
        resource: r.name,
        object: step.object,
        action: step.action,
        id:
          step.id ?? (IDENTITY_OBJECTS.includes(step.object) ? ids.IdentityPoolId : ids.UserPoolId),
      });
    }
  }
  return done;
}
