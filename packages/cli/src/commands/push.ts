import path from 'node:path';
import { confirm } from '@inquirer/prompts';
import { applyPlan } from '../apply.ts';
import { requireTerminal, writeExportsFor } from '../context.ts';
import type { Output } from '../output.ts';
import { formatPlan, makePlan } from '../plan.ts';
import { poolDeletions } from '../plan-managed.ts';
import type { Plan } from '../plan-types.ts';
import { Project } from '../project.ts';
import { clientFor, destroyIdentityApis, explain, identityApisFor } from '../server-api.ts';

/** Reads the files and the server for the checked-out environment. */
export async function planFor(project: Project) {
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
    const deleted = plan.resources.flatMap((r) =>
      poolDeletions(r.steps).map((step) => ({
        resource: r.name,
        id: step.id as string,
        name: r.pool?.Name,
        users: r.pool?.EstimatedNumberOfUsers ?? 0,
      })),
    );
    if (plan.changeCount === 0) {
      out.say(`No changes: the server already matches cognate/backend for environment ${name}.`);
    } else {
      const blocked = plan.resources.flatMap((r) => r.blocked);
      if (!opts.yes && !blocked.length) {
        requireTerminal('cognate push', '--yes to apply the plan without asking');
        // Deleting a pool deletes its users: the question names them and defaults to no.
        const message = deleted.length
          ? `Delete ${deleted.map((d) => `user pool ${d.id} (${d.name}) with ${d.users} user${d.users === 1 ? '' : 's'}`).join(' and ')}? This cannot be undone.`
          : 'Are you sure you want to continue?';
        if (!(await confirm({ message, default: !deleted.length }))) {
          out.say('Push cancelled; nothing changed.');
          return { applied: [], cancelled: true, deleted: [], plan };
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
      deleted,
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
    // Amplify's words: Create only for a pool not on the server yet; any other change to a
    // resource that exists (a hand edit that adds an attribute, a domain, a group) is Update.
    const creating = r.steps.some((s) => s.object === 'user pool' && s.action === 'create');
    const deleting = poolDeletions(r.steps).length > 0;
    const changed = r.steps.some((s) => s.action !== 'no-change' && s.action !== 'check');
    const operation = deleting
      ? 'Delete'
      : actions.has('unlink')
        ? 'Unlink'
        : creating
          ? 'Create'
          : changed
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
