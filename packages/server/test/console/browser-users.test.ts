// The console's people pages in Chromium against the real server: a group made on the Groups
// page, a user created with a password and a custom attribute and found again by that attribute,
// added to the group, disabled (its sign-in through the AWS SDK refused) and enabled, its
// password reset and the code read on the Outbox page, a CSV of 1,000 users imported with the
// job's progress, and the Activity page counting real sign-ins. axe-core checks every page;
// screenshots go to docs/images/console/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { attrMap, PASSWORD, passwordPool, rejects } from '../support/index.ts';
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
  console.log(`# console people pages browser test skipped: ${CHROMIUM_MISSING}`);
}

const NEW_PASSWORD = 'N3w-Passw0rd!';
const IMPORTED = 1000;

describe("the console's users, groups, outbox and activity pages", { skip: !haveChromium }, () => {
  let h: ConsoleHarness;
  let page: Page;
  let poolId: string;
  let clientId: string;
  let csvDir: string;

  const go = async (hash: string) => {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
  };
  const signInWith = (username: string, password: string) =>
    h.t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  const status = () => page.getByRole('status').filter({ hasText: /\S/ }).first();

  before(async () => {
    h = await startConsole();
    ({ poolId, clientId } = await passwordPool(h.t, { PoolName: 'Research' }));
    await h.t.admin.send(
      new AddCustomAttributesCommand({
        UserPoolId: poolId,
        CustomAttributes: [{ Name: 'department', AttributeDataType: 'String', Mutable: true }],
      }),
    );
    // Colleagues in other departments, so the search has users to leave out.
    for (const [name, dept] of [
      ['grace', 'Navy'],
      ['alan', 'Mathematics'],
      ['edsger', 'Algorithms'],
      ['barbara', 'Languages'],
    ]) {
      await h.t.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: `${name}@example.com` },
            { Name: 'custom:department', Value: dept },
          ],
        }),
      );
    }
    csvDir = mkdtempSync(path.join(tmpdir(), 'cognate-console-csv-'));
    page = await (await h.context()).newPage();
    await signInToConsole(h, page);
  });

  after(async () => {
    await h?.close();
    if (csvDir) rmSync(csvDir, { recursive: true, force: true });
  });

  test('the Groups page creates a group with description, precedence and role ARN', async () => {
    await go(`#/pools/${poolId}/groups`);
    await page.getByRole('heading', { name: /Groups/ }).waitFor();
    await page.getByRole('button', { name: 'Create group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create group' });
    await dialog.getByLabel('Group name').fill('editors');
    await dialog.getByLabel('Description').fill('People who edit the journal');
    await dialog.getByLabel('Precedence').fill('5');
    await dialog.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/Editors');
    await assertAccessible(page, 'create group dialog');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('link', { name: 'editors' }).waitFor();
    await page.getByRole('cell', { name: 'People who edit the journal' }).waitFor();
    await checkPage(page, 'groups');
  });

  test('Create user sets a password and a custom attribute', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.getByRole('link', { name: 'grace' }).waitFor();
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Username', { exact: true }).fill('ada');
    await dialog.getByLabel('Email', { exact: true }).fill('ada@example.com');
    await dialog.getByLabel('custom:department').fill('Research');
    await dialog.getByLabel('Set a permanent password').check();
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await assertAccessible(page, 'create user dialog');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User ada created.').waitFor();
    await page.getByRole('link', { name: 'ada', exact: true }).waitFor();
    await checkPage(page, 'users');

    const ada = await h.t.admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ada' }),
    );
    assert.equal(ada.UserStatus, 'CONFIRMED');
    assert.equal(attrMap(ada.UserAttributes)['custom:department'], 'Research');
    assert.ok((await signInWith('ada', PASSWORD)).AuthenticationResult?.AccessToken);
  });

  test('Search users finds the user by the custom attribute, and only that user', async () => {
    await page.getByLabel('Attribute').selectOption('custom:department');
    await page.getByLabel('Match').selectOption('^=');
    await page.getByLabel('Search users').fill('res');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 user on page 1 matching the search.').waitFor();
    const rows = page.locator('table tbody tr');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.getByRole('rowheader').innerText(), 'ada');

    // An indexed attribute goes to ListUsers' filter.
    await page.getByLabel('Attribute').selectOption('email');
    await page.getByLabel('Search users').fill('grace@');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'grace' }).waitFor();
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.getByRole('rowheader').innerText(), 'grace');
  });

  test('the user page adds to a group, disables and enables, and resets the password', async () => {
    await page.getByLabel('Attribute').selectOption('custom:department');
    await page.getByLabel('Search users').fill('Research');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'ada', exact: true }).click();
    await page.getByRole('heading', { name: 'ada', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Add to group' }).click();
    await page.getByText('Added to editors.').waitFor();
    await page.getByRole('button', { name: 'Remove from group editors' }).waitFor();
    const groups = await h.t.admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ada' }),
    );
    assert.deepEqual(
      groups.Groups?.map((g) => g.GroupName),
      ['editors'],
    );

    await page.getByRole('button', { name: 'Disable user' }).click();
    await page.getByRole('button', { name: 'Enable user' }).waitFor();
    await rejects(signInWith('ada', PASSWORD), 'NotAuthorizedException', 'User is disabled.');

    await page.getByRole('button', { name: 'Enable user' }).click();
    await page.getByRole('button', { name: 'Disable user' }).waitFor();
    assert.ok((await signInWith('ada', PASSWORD)).AuthenticationResult?.AccessToken);

    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('Password reset: the user was sent a code').waitFor();
    await page.getByText('RESET_REQUIRED').waitFor();
    // The history shows the sign-ins just made.
    await page.getByRole('cell', { name: 'Pass' }).first().waitFor();
    await checkPage(page, 'user-detail');
  });

  test("a group's page lists its members and adds and removes them", async () => {
    await page.getByRole('link', { name: 'editors' }).click();
    await page.getByRole('heading', { name: 'editors', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'ada', exact: true }).waitFor();
    await page.getByLabel('Username').fill('grace');
    await page.getByRole('button', { name: 'Add to group' }).click();
    await page.getByRole('link', { name: 'grace' }).waitFor();
    await checkPage(page, 'group-members');
    await page.getByRole('button', { name: 'Remove from group: grace' }).click();
    await page.getByText('grace removed.').waitFor();
    await page.getByRole('link', { name: 'grace' }).waitFor({ state: 'detached' });
    const members = await h.t.admin.send(
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }),
    );
    assert.deepEqual(
      members.Users?.map((u) => u.Username),
      ['ada'],
    );
  });

  test('the Outbox page shows the reset code, and the code sets a new password', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Outbox' })
      .click();
    await page.getByLabel('Filter by username').fill('ada');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText(/\d+ messages? for ada\./).waitFor();
    const code = (await page.locator('mark.code').first().innerText()).trim();
    assert.match(code, /^\d{6}$/);
    await h.t.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'ada',
        ConfirmationCode: code,
        Password: NEW_PASSWORD,
      }),
    );
    assert.ok((await signInWith('ada', NEW_PASSWORD)).AuthenticationResult?.AccessToken);
    await checkPage(page, 'outbox');
  });

  test('a CSV of 1,000 users is imported, with the job shown until it finishes', async () => {
    const { CSVHeader: header = [] } = await h.t.admin.send(
      new GetCSVHeaderCommand({ UserPoolId: poolId }),
    );
    const rows = Array.from({ length: IMPORTED }, (_, i) => {
      const name = `imported${String(i).padStart(4, '0')}`;
      const values: Record<string, string> = {
        'cognito:username': name,
        'cognito:mfa_enabled': 'false',
        email: `${name}@example.com`,
        email_verified: 'true',
        'custom:department': i % 2 ? 'Imported odd' : 'Imported even',
      };
      return header.map((c) => values[c] ?? '').join(',');
    });
    const file = path.join(csvDir, 'users.csv');
    writeFileSync(file, `${[header.join(','), ...rows].join('\n')}\n`);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Start import' }).click();
    await page
      .getByText(`Import succeeded: ${IMPORTED} imported, 0 skipped, 0 failed.`)
      .waitFor({ timeout: 120_000 });
    const progress = page.getByRole('progressbar');
    assert.equal(await progress.getAttribute('value'), String(IMPORTED));
    assert.equal(await progress.getAttribute('max'), String(IMPORTED));
    await checkPage(page, 'user-import');

    // At 360 px the page does not scroll sideways (the table scrolls in its own box).
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('button', { name: 'Import CSV' }).click();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
    await checkPage(page, 'users-narrow');
    await page.setViewportSize({ width: 1000, height: 760 });

    const listed = await h.t.admin.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "imported"', Limit: 60 }),
    );
    assert.equal(listed.Users?.length, 60);
    // The list pages through them: 60 a page, the next page follows the token.
    await page.getByLabel('Users per page').selectOption('60');
    await page.getByText('60 users on page 1.').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('60 users on page 2.').waitFor();
  });

  test('the Activity page counts the sign-ins, failures and sign-ups per hour', async () => {
    for (let i = 0; i < 3; i++) await signInWith('ada', NEW_PASSWORD);
    await h.t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'katherine',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'katherine@example.com' }],
      }),
    );
    await h.t.anon.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'katherine',
        ConfirmationCode: (await h.t.outbox('katherine'))?.code ?? '',
      }),
    );
    await signInWith('katherine', PASSWORD);
    await rejects(signInWith('ada', 'wrong-Passw0rd!'), 'NotAuthorizedException');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Activity' })
      .click();
    await page.getByRole('figure', { name: /Sign-ins/ }).waitFor();
    const total = async (term: string) =>
      Number(
        await page
          .locator('dl.totals > div')
          .filter({ has: page.getByText(term, { exact: true }) })
          .locator('dd')
          .innerText(),
      );
    // ada: 1 after creating, 1 after enabling, 1 with the new password, 3 now; katherine 1.
    // Failures: the sign-in while disabled and a wrong password.
    assert.ok((await total('Sign-ins')) >= 7, 'sign-ins counted');
    assert.equal(await total('Sign-ups'), 1);
    assert.ok((await total('Failures')) >= 2, 'failures counted');
    // The chart's text alternative lists the hour.
    await page.getByText('Data table: sign-ins').click();
    const dataRows = page.getByRole('table', { name: /Sign-ins per hour/ }).locator('tbody tr');
    assert.ok((await dataRows.count()) >= 1);
    await checkPage(page, 'activity');

    const dark = await (await h.context({ colorScheme: 'dark', mobile: true })).newPage();
    await signInToConsole(h, dark);
    await dark.evaluate((hash) => {
      location.hash = hash;
    }, `#/pools/${poolId}/activity`);
    await dark.getByRole('figure', { name: /Sign-ins/ }).waitFor();
    await checkPage(dark, 'activity-dark-mobile');
  });
});
