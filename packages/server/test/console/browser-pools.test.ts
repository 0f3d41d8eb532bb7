// The admin console's pool pages in Chromium (Debian's, through playwright-core) against the real
// server: keyboard-only sign-in with the admin key, creating a pool with email sign-in and MFA
// optional, a password-policy change shown as a plan and deployed step by step (then a short
// password is refused to the AWS SDK), the local setup command copied and run with the CLI (its
// aws-exports.js names the pool), deleting a pool by typing its name, admin sessions and
// sign-out. axe-core checks every page; screenshots go to docs/images/console/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.ts';
import { rejects } from '../support/index.ts';
import {
  assertAccessible,
  CHROMIUM_MISSING,
  type ConsoleHarness,
  checkPage,
  haveChromium,
  signInToConsole,
  startConsole,
} from './console-browser.ts';

if (!haveChromium && process.env.CI) {
  test('chromium is installed for the browser tests', () => assert.fail(CHROMIUM_MISSING));
} else if (!haveChromium) {
  console.log(`# console pools browser test skipped: ${CHROMIUM_MISSING}`);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const cliMain = path.resolve(here, '../../../cli/src/main.ts');

/** Runs the CLI from its sources (as the CLI's own tests do), in `cwd`. */
function runCli(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), cliMain, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          out: stdout + stderr,
        }),
    );
  });
}

/** Splits a shell command line (no quotes needed: the setup command has none). */
const words = (line: string) => line.trim().split(/\s+/);

describe('the console pool pages in Chromium', { skip: !haveChromium }, () => {
  let h: ConsoleHarness;
  let page: Page;
  const poolName = `Acme${Date.now().toString(36)}`;
  let poolId: string;

  before(async () => {
    h = await startConsole();
    page = await (await h.context()).newPage();
  });
  after(async () => {
    await h?.close();
  });

  test('the built console stays within its JavaScript budget (150 KB gzipped)', async () => {
    const script = path.resolve(here, '../../../console/scripts/size.mjs');
    const report = await new Promise<{ gzip: number; budget: number; ok: boolean }>(
      (resolve, reject) =>
        execFile(process.execPath, [script, '--json'], (err, stdout) =>
          err ? reject(err) : resolve(JSON.parse(stdout)),
        ),
    );
    assert.ok(report.gzip > 1000, 'the build has JavaScript');
    assert.ok(report.ok, `${report.gzip} bytes gzipped, over ${report.budget}`);
  });

  test('sign-in refuses a wrong secret, then works with the keyboard alone', async () => {
    await page.goto(`${h.consoleUrl}#/pools`);
    // Not signed in: the sign-in form, whatever the page asked for.
    await page.getByLabel('Access key ID').waitFor();
    await checkPage(page, 'sign-in');

    await page.getByLabel('Access key ID').fill(h.accessKeyId);
    await page.getByLabel('Secret access key').fill('not-the-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'NotAuthorizedException' }).waitFor();
    await assertAccessible(page, 'sign-in with an error');
    assert.equal(await page.getByLabel('Secret access key').inputValue(), '', 'secret cleared');

    await page.reload();
    await page.getByLabel('Access key ID').waitFor();
    // Tab from the top of the page to the first field, type, Tab, type, Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.getByLabel('Access key ID').evaluate((el) => el === document.activeElement))
        break;
    }
    await page.keyboard.type(h.accessKeyId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(h.secretAccessKey);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    for (const name of ['Pools', 'Authentication', 'Users', 'Groups', 'Outbox', 'Activity']) {
      assert.equal(await nav.getByRole('link', { name, exact: true }).count(), 1, name);
    }
    // The secret is nowhere the page's scripts can reach.
    const stored = await page.evaluate(() =>
      JSON.stringify([
        { ...localStorage },
        { ...sessionStorage },
        document.cookie,
        document.body.innerHTML,
      ]),
    );
    assert.ok(!stored.includes(h.secretAccessKey), 'the secret is not kept in the page');
  });

  test('creates a pool with email sign-in and optional MFA', async () => {
    await page.getByRole('link', { name: 'Pools', exact: true }).click();
    await page.getByRole('heading', { name: 'Pools' }).waitFor();
    await page.getByRole('button', { name: 'Create pool' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create pool' });
    await dialog.getByLabel('Pool name').fill(poolName);
    await dialog.getByRole('radio', { name: 'Email', exact: true }).check();
    await dialog.getByRole('radio', { name: 'Optional' }).check();
    await dialog.getByRole('checkbox', { name: 'Authenticator app (TOTP)' }).waitFor();
    await checkPage(page, 'pools-create');
    // Escape closes the dialog (and keeps nothing); open it again to create.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Create pool' }).click();
    await dialog.getByLabel('Pool name').fill(poolName);
    await dialog.getByRole('radio', { name: 'Email', exact: true }).check();
    await dialog.getByRole('radio', { name: 'Optional' }).check();
    await dialog.getByRole('button', { name: 'Create pool' }).click();
    await page.getByRole('status').filter({ hasText: 'created' }).waitFor();
    await page.getByRole('link', { name: poolName, exact: true }).waitFor();

    const { UserPools } = await h.t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    poolId = UserPools?.find((p) => p.Name === poolName)?.Id as string;
    assert.ok(poolId, 'the pool exists');
    const { UserPool } = await h.t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(UserPool?.UsernameAttributes, ['email']);
    const mfa = await h.t.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.equal(mfa.MfaConfiguration, 'OPTIONAL');
    assert.equal(mfa.SoftwareTokenMfaConfiguration?.Enabled, true);
    const clients = await h.t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    assert.equal(clients.UserPoolClients?.length, 1);
    await checkPage(page, 'pools');
  });

  test('a password policy change is planned, deployed step by step, and enforced', async () => {
    await page.getByRole('link', { name: 'Authentication', exact: true }).click();
    await page.getByRole('heading', { name: 'Authentication', level: 1 }).waitFor();
    await page.getByText(poolId).first().waitFor();
    const plan = page.getByRole('region', { name: 'Plan' });
    await plan.getByText('No changes').waitFor();
    // The page as loaded: checked, kept under test-results/ only (the plan's shot shows it too).
    await assertAccessible(page, 'authentication');
    await screenshot(page, 'console', 'authentication');

    await page.getByLabel('Minimum length').fill('12');
    await plan.getByText('UpdateUserPool').waitFor();
    const planText = await plan.innerText();
    assert.match(planText, /Policies\.PasswordPolicy\.MinimumLength: 8 → 12/);
    assert.doesNotMatch(planText, /SetUserPoolMfaConfig|UpdateUserPoolClient/);
    await plan.scrollIntoViewIfNeeded();
    await checkPage(page, 'authentication-plan');

    await page.getByRole('button', { name: 'Save and deploy' }).click();
    const steps = page.getByRole('list', { name: 'Deploy steps' });
    await steps.getByText('Done').waitFor();
    await page.getByRole('status').filter({ hasText: 'Deployed: 1 step done.' }).waitFor();
    // Re-read: the plan is empty again.
    await plan.getByText('No changes').waitFor();
    assert.equal(await page.getByLabel('Minimum length').inputValue(), '12');
    await screenshot(page, 'console', 'authentication-deployed');

    const { UserPool } = await h.t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool?.Policies?.PasswordPolicy?.MinimumLength, 12);
    const clients = await h.t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    const ClientId = clients.UserPoolClients?.[0].ClientId as string;
    await rejects(
      h.t.anon.send(
        new SignUpCommand({
          ClientId,
          Username: 'short@example.com',
          Password: 'Abcdef1!x',
          UserAttributes: [{ Name: 'email', Value: 'short@example.com' }],
        }),
      ),
      'InvalidPasswordException',
    );
  });

  test('the local setup command, copied and run with the CLI, sets an app up for the pool', async () => {
    await page.goto(`${h.consoleUrl}#/pools/${poolId}/setup`);
    await page.getByRole('heading', { name: 'Local setup instructions' }).waitFor();
    const code = page.getByTestId('pull-command');
    await code.waitFor();
    await page.getByRole('button', { name: 'Copy command' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, (await code.innerText()).trim());
    assert.match(copied, new RegExp(`--user-pool-id ${poolId}\\b`));
    await checkPage(page, 'setup');

    const [npx, cognate, ...args] = words(copied);
    assert.deepEqual([npx, cognate], ['npx', 'cognate']);
    const dir = mkdtempSync(path.join(tmpdir(), 'cognate-console-setup-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      const credentials = path.join(dir, 'admin-credentials');
      writeFileSync(
        credentials,
        `[cognate]\naws_access_key_id = ${h.accessKeyId}\naws_secret_access_key = ${h.secretAccessKey}\n`,
        { mode: 0o600 },
      );
      const run = await runCli(dir, [...args, '--credentials', credentials]);
      assert.equal(run.code, 0, run.out);
      const text = readFileSync(path.join(dir, 'src', 'aws-exports.js'), 'utf8');
      const mod = await import(`data:text/javascript,${encodeURIComponent(text)}`);
      const exportsJs = mod.default as Record<string, unknown>;
      const clients = await h.t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
      assert.equal(exportsJs.aws_user_pools_id, poolId);
      assert.equal(exportsJs.aws_user_pools_web_client_id, clients.UserPoolClients?.[0].ClientId);
      assert.equal(exportsJs.aws_cognito_region, poolId.split('_')[0]);
      assert.deepEqual(exportsJs.aws_cognito_username_attributes, ['EMAIL']);
      assert.equal(
        (exportsJs.aws_cognito_password_protection_settings as { passwordPolicyMinLength: number })
          .passwordPolicyMinLength,
        12,
      );
      // The page shows the same aws-exports.js the CLI wrote.
      const shown = await page
        .getByRole('region', { name: 'aws-exports.js' })
        .locator('code')
        .innerText();
      const pageMod = await import(`data:text/javascript,${encodeURIComponent(shown)}`);
      assert.equal(pageMod.default.aws_user_pools_id, poolId);
      assert.equal(
        pageMod.default.aws_user_pools_web_client_id,
        exportsJs.aws_user_pools_web_client_id,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a pool is deleted only once its name is typed', async () => {
    const doomed = `Doomed${Date.now().toString(36)}`;
    const { UserPool } = await h.t.admin.send(new CreateUserPoolCommand({ PoolName: doomed }));
    await h.t.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool?.Id, ClientName: 'web' }),
    );
    await page.getByRole('link', { name: 'Pools', exact: true }).click();
    await page.getByRole('button', { name: `Delete ${doomed}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${doomed}` });
    const confirm = dialog.getByRole('button', { name: 'Delete pool' });
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByLabel(`Type ${doomed} to confirm`).fill(doomed.toLowerCase());
    assert.equal(await confirm.isDisabled(), true, 'a near miss does not enable it');
    await dialog.getByLabel(`Type ${doomed} to confirm`).fill(doomed);
    await checkPage(page, 'pools-delete');
    await confirm.click();
    await page
      .getByRole('status')
      .filter({ hasText: `Pool ${doomed} deleted.` })
      .waitFor();
    const { UserPools } = await h.t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.ok(!UserPools?.some((p) => p.Id === UserPool?.Id), 'the pool is gone');
    assert.ok(
      UserPools?.some((p) => p.Id === poolId),
      'the other pool stays',
    );
  });

  test('dark theme and a 360 px wide screen', async () => {
    const dark = await (await h.context({ colorScheme: 'dark' })).newPage();
    await signInToConsole(h, dark);
    await dark.getByRole('link', { name: poolName, exact: true }).waitFor();
    await checkPage(dark, 'pools-dark');
    await dark.setViewportSize({ width: 360, height: 740 });
    await dark.getByRole('link', { name: poolName, exact: true }).click();
    await dark.getByRole('heading', { name: 'Authentication', level: 1 }).waitFor();
    await dark.getByLabel('Minimum length').waitFor();
    const wide = await dark.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const over = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        .slice(0, 8);
      return { extra: document.documentElement.scrollWidth - width, over };
    });
    assert.ok(wide.extra <= 0, `no sideways scrolling at 360 px: ${JSON.stringify(wide)}`);
    await checkPage(dark, 'authentication-narrow');
  });

  test('admin sessions are listed and revocable; sign-out ends the session', async () => {
    const other = await (await h.context()).newPage();
    await signInToConsole(h, other);
    await page.getByRole('link', { name: /Sessions, signed in as/ }).click();
    await page.getByRole('heading', { name: 'Admin sessions' }).waitFor();
    const rows = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: /Revoke/ }) });
    await rows.nth(2).waitFor();
    assert.ok((await rows.count()) >= 3, 'this browser, the dark one and the other');
    await checkPage(page, 'sessions');

    // Revoke every session but this browser's: the other pages are signed out.
    const others = rows.filter({ hasNotText: 'this browser' });
    const n = await others.count();
    assert.ok(n >= 2);
    for (let i = n; i > 0; i--) {
      await others
        .first()
        .getByRole('button', { name: /^Revoke/ })
        .click();
      await page.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
      await page.waitForFunction(
        (want) => document.querySelectorAll('tbody tr').length === want,
        i - 1 + 1,
      );
    }
    assert.equal(await rows.count(), 1);
    await other.reload();
    await other.getByLabel('Access key ID').waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('Access key ID').waitFor();
    const status = await page.evaluate(async () => (await fetch('/console/api/session')).status);
    assert.equal(status, 401);
  });
});
