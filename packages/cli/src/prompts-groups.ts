import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { GROUP_NAME } from './answers-extras.ts';
import { EXPLAIN, type Say, yesNoOrLearn } from './prompts-learn.ts';

// The Amplify CLI's user pool group questions (`updateUserPoolGroups`): groups to delete, names
// one by one with "Do you want to add another User Pool Group", then the order, which is the
// precedence (the first group's is 1). Amplify orders with a sort prompt moved by shift+arrows;
// here the groups are picked first to last, one list per place.

const groupName = (v: string) =>
  GROUP_NAME.test(v.trim()) || 'Resource name should be alphanumeric';

async function askName(): Promise<string> {
  return (
    await input({ message: 'Provide a name for your user pool group:', validate: groupName })
  ).trim();
}

/** "Sort the user pool groups in order of preference": the groups, first place first. */
async function askOrder(groups: string[]): Promise<string[]> {
  const left = [...groups];
  const sorted: string[] = [];
  while (left.length > 1) {
    const place = sorted.length + 1;
    const next = await select({
      message: `Sort the user pool groups in order of preference: which group comes ${ordinal(place)} (precedence ${place})?`,
      choices: left.map((g) => ({ name: g, value: g })),
    });
    sorted.push(next);
    left.splice(left.indexOf(next), 1);
  }
  return [...sorted, ...left];
}

const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

/** Amplify's group flow, starting from the current groups. */
export async function askGroups(current: string[]): Promise<string[]> {
  let groups = [...current];
  if (groups.length) {
    const removed = await checkbox({
      message: 'Select any user pool groups you want to delete:',
      choices: groups.map((g) => ({ name: g, value: g })),
    });
    groups = groups.filter((g) => !removed.includes(g));
  }
  if (!groups.length) groups.push(await askName());
  while (await confirm({ message: 'Do you want to add another User Pool Group', default: false })) {
    groups.push(await askName());
  }
  return askOrder([...new Set(groups)]);
}

/** "Do you want to add User Pool Groups?" and, on yes, the group flow. */
export async function askGroupsQuestion(current: string[], say: Say): Promise<string[]> {
  const wanted = await yesNoOrLearn(
    'Do you want to add User Pool Groups?',
    current.length > 0,
    EXPLAIN.userPoolGroups,
    say,
  );
  return wanted ? askGroups(current) : current;
}

/**
 * "Do you want to add an admin queries API?": Cognate needs none, since the server itself answers
 * the admin operations signed with an access key; a yes is answered with how.
 */
export async function askAdminQueries(say: Say): Promise<void> {
  const wanted = await yesNoOrLearn(
    'Do you want to add an admin queries API?',
    false,
    EXPLAIN.adminQueries,
    say,
  );
  if (wanted) say(ADMIN_QUERIES_NOTE);
}

/** What a yes to the admin queries question gets instead of an API. */
export const ADMIN_QUERIES_NOTE = [
  'ℹ No admin queries API is needed with Cognate: the server answers the admin operations',
  '  (AdminAddUserToGroup, AdminRemoveUserFromGroup, ListUsers, ListUsersInGroup, AdminDisableUser,',
  '  AdminEnableUser, AdminUserGlobalSignOut, …) itself, signed with an access key (the profile in',
  '  the credentials file `cognate init` names). Call them from your backend, never from a browser,',
  '  since the key can do anything; the admin console at <endpoint>/console does the same by hand.',
].join('\n');
