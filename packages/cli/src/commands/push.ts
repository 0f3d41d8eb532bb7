import path from 'node:path';
import { GetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirm } from '@inquirer/prompts';
import { applyPlan } from '../apply.ts';
import { readAnswers, requireTerminal, saveResource, writeExportsFor } from '../context.ts';
import { describeIdentityPool } from '../identity-pool.ts';
import { CliError, type Output } from '../output.ts';
import { formatPlan, makePlan } from '../plan.ts';
import { hostedUiOnServer } from '../plan-oauth.ts';
import type { Plan } from '../plan-types.ts';
import { Project } from '../project.ts';
import { answersFromServer, identityPoolAnswers } from '../pulled-answers.ts';
import { clientFor, destroyIdentityApis, explain, identityApisFor } from '../server-api.ts';

/** Reads the files and the server for the checked-out environment. */
async function planFor(project: Project) {
  const { name, env, info } = project.currentEnv();
  const api = clientFor(project.root, env);
  const identity = identityApisFor(project.root, env);
  const close = () => {
    api.destroy();
    destroyIdentityApis(identity);
  };
  try {
    const plan = await makePlan(project, api, name, env, identity);
    return { name, env, info, api, identity, close, plan };
  } catch (err) {
    close();
    throw explain(err, env, 'reading the server state');
  }
}

/** `cognate push`: plan, confirm, apply, write the client config. */
export async function push(opts: { yes?: boolean }, out: Output): Promise<unknown> {
  const project = Project.find();
  const { name, env, info, api, identity, close, plan } = await planFor(project);
  try {
    for (const line of formatPlan(plan)) out.say(line);
    out.say();
    let applied: Awaited<ReturnType<typeof applyPlan>> = [];
    if (plan.changeCount === 0) {
      out.say(`No changes: the server already matches cognate/backend for environment ${name}.`);
    } else {
      const blocked = plan.resources.flatMap((r) => r.blocked);
      if (!opts.yes && !blocked.length) {
        requireTerminal('cognate push', '--yes to apply the plan without asking');
        if (!(await confirm({ message: 'Are you sure you want to continue?', default: true }))) {
          out.say('Push cancelled; nothing changed.');
          return { applied: [], cancelled: true, plan };
        }
      }
      applied = await applyPlan(
        plan,
        api,
        (resource, ids) => {
          if (ids) env.resources.auth[resource] = { ...ids };
          else delete env.resources.auth[resource];
          info[name] = env;
          project.saveTeamProviderInfo(info);
        },
        (line) => out.say(line),
        identity,
      );
      out.say(`✔ All resources are updated on ${env.endpoint} (environment ${name}).`);
    }
    const files = await writeExportsFor(project, api, env, out);
    return {
      env: name,
      changes: plan.changeCount,
      noChange: plan.changeCount === 0,
      applied,
      resources: env.resources.auth,
      files: files.map((f) => path.relative(project.root, f)),
      unsupported: plan.resources.flatMap((r) => r.unsupported),
      warnings: plan.resources.flatMap((r) => r.warnings),
      plan,
    };
  } catch (err) {
    throw explain(
      err,
      env,
      'pushing',
      'fix what the server names in cognate/backend/ (by hand or with `cognate update auth`) and push again; the steps applied before this one stay applied',
    );
  } finally {
    close();
  }
}

/** Amplify-style status table rows. */
function statusRows(plan: Plan) {
  return plan.resources.map((r) => {
    const actions = new Set(r.steps.map((s) => s.action));
    const operation = actions.has('unlink')
      ? 'Unlink'
      : actions.has('create')
        ? 'Create'
        : actions.has('update') || actions.has('delete')
          ? 'Update'
          : r.serviceType === 'imported'
            ? 'Import'
            : 'No Change';
    return { category: 'Auth', resourceName: r.name, operation, providerPlugin: 'cognate' };
  });
}

/** `cognate status`: what push would do, as Amplify's table and the diff. */
export async function status(opts: { verbose?: boolean }, out: Output): Promise<unknown> {
  const project = Project.find();
  const { name, env, close, plan } = await planFor(project);
  close();
  const rows = statusRows(plan);
  out.say(`    Current Environment: ${name} (${env.endpoint})`);
  out.say();
  out.say('┌──────────┬──────────────────────────────────┬───────────┬─────────────────┐');
  out.say('│ Category │ Resource name                    │ Operation │ Provider plugin │');
  out.say('├──────────┼──────────────────────────────────┼───────────┼─────────────────┤');
  for (const r of rows) {
    out.say(
      `│ ${r.category.padEnd(8)} │ ${r.resourceName.padEnd(32)} │ ${r.operation.padEnd(9)} │ ${r.providerPlugin.padEnd(15)} │`,
    );
  }
  out.say('└──────────┴──────────────────────────────────┴───────────┴─────────────────┘');
  if (opts.verbose || plan.changeCount) {
    out.say();
    for (const line of formatPlan(plan)) out.say(line);
  }
  if (!rows.length) out.say('No resources: `cognate add auth` or `cognate import auth` adds one.');
  return { env: name, endpoint: env.endpoint, resources: rows, changes: plan.changeCount, plan };
}

/**
 * `cognate pull`: brings the files in line with the server (someone changed the pool there, or
 * this is a fresh clone) and writes the client config.
 */
export async function pull(_opts: unknown, out: Output): Promise<unknown> {
  const project = Project.find();
  const { name, env, api, identity, close, plan } = await planFor(project);
  try {
    const pulled: string[] = [];
    for (const r of plan.resources) {
      if (r.serviceType !== 'managed' || !r.pool || !r.client) continue;
      const saved = readAnswers(project, r.name);
      if (!saved) {
        throw new CliError(
          `auth/${r.name} has no cli-inputs.json to update`,
          'run `cognate update auth` once to write it',
          'InvalidConfig',
        );
      }
      const mfa =
        (r.pool.MfaConfiguration ?? 'OFF') !== 'OFF'
          ? await api.send(new GetUserPoolMfaConfigCommand({ UserPoolId: r.pool.Id }))
          : undefined;
      const server = await hostedUiOnServer(api, env.endpoint, r.pool);
      const answers = answersFromServer(saved, r.pool, r.client, {
        mfa,
        region: env.region,
        hostedUi: { ...server, envName: name },
      });
      const identityPool = r.ids.IdentityPoolId
        ? await describeIdentityPool(identity, r.ids.IdentityPoolId)
        : undefined;
      if (identityPool) answers.identityPool = identityPoolAnswers(identityPool, name);
      if (server.domain && !server.domain.endsWith(`-${name}`)) {
        out.say(
          `⚠ the pool's domain ${server.domain} does not end with -${name}: push names domains <prefix>-<env>, so it would replace it with ${server.domain}-${name}`,
        );
      }
      saveResource(project, answers, out);
      pulled.push(r.name);
      out.say(`✔ pulled auth/${r.name} from ${r.pool.Id}`);
    }
    const missing = plan.resources.filter((r) => r.steps.some((s) => s.action === 'create'));
    for (const r of missing) {
      out.say(
        `auth/${r.name} is not on the server yet for environment ${name}: \`cognate push\` creates it.`,
      );
    }
    const files = await writeExportsFor(project, api, env, out);
    return { env: name, pulled, files: files.map((f) => path.relative(project.root, f)) };
  } catch (err) {
    throw explain(err, env, 'pulling');
  } finally {
    close();
  }
}
