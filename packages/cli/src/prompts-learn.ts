import { select } from '@inquirer/prompts';

// Amplify's "I want to learn more." choice: on the lists that have it, picking it prints the
// question's explanation and asks again.

/** Amplify's last choice on its lists. */
export const LEARN_MORE = 'I want to learn more.';
const LEARN_CHOICE = Symbol('learn more');

/** Where a walkthrough's notes go. */
export type Say = (line: string) => void;

/** A list question with "I want to learn more." at its end. */
export async function selectOrLearn<T>(
  q: {
    message: string;
    choices: { name: string; value: T; disabled?: boolean | string }[];
    default?: T;
    learnMore: string;
  },
  say: Say,
): Promise<T> {
  for (;;) {
    const answer = await select<T | typeof LEARN_CHOICE>({
      message: q.message,
      default: q.default,
      choices: [...q.choices, { name: LEARN_MORE, value: LEARN_CHOICE }],
    });
    if (answer !== LEARN_CHOICE) return answer;
    // Amplify shows each sentence of the explanation as its own paragraph.
    say(`\n${q.learnMore.split('\n').join('\n\n')}\n`);
  }
}

/** Amplify's Yes / No / "I want to learn more." list. */
export function yesNoOrLearn(
  message: string,
  current: boolean,
  learnMore: string,
  say: Say,
): Promise<boolean> {
  return selectOrLearn(
    {
      message,
      default: current,
      choices: [
        { name: 'Yes', value: true },
        { name: 'No', value: false },
      ],
      learnMore,
    },
    say,
  );
}

/** The explanations, Amplify's own words where it has them. */
export const EXPLAIN = {
  useDefault:
    "This utility allows you to set up Amazon Cognito User Pools and Identity Pools for your application.\nAmazon Cognito User Pool makes it easy for developers to add sign-up and sign-in functionality to web and mobile applications. It serves as your own identity provider to maintain a user directory. It supports user registration and sign-in, as well as provisioning identity tokens for signed-in users.\nAmazon Cognito identity pools provide temporary AWS credentials for users who are guests (unauthenticated) and for users who have been authenticated and received a token. An identity pool is a store of user identity data specific to your account.\nIf you choose to use the default configuration, this utility will set up a Userpool on your Cognate server (add an identity pool with the manual configuration).\nIf you choose the 'Default configuration with Social Provider (Federation)', the providers will be federated with Cognito User Pools.",
  authSelections:
    'Amazon Cognito identity pools provide temporary AWS credentials for users who are guests (unauthenticated) and for users who have been authenticated and received a token. An identity pool is a store of user identity data specific to your account.\nIf you choose to use the default configuration, this utility will set up both a Userpool and an Identity Pool.',
  signIn:
    "Selecting 'Email' and/or 'Phone Number' will allow end users to sign-up using these values.  Selecting 'Username' will require a unique username for users.",
  userPoolGroups: 'This flow will help you add multiple user pool groups to your user-pool',
  adminQueries:
    'Admin Queries API let you perform user admin functions from your frontend. See https://docs.amplify.aws/cli/auth/admin#admin-queries-api for more.\nWith Cognate there is no separate API to add: the server answers the admin operations itself (AdminAddUserToGroup, ListUsersInGroup, AdminDisableUser, …), signed with an access key, from your backend or the AWS CLI.',
  hostedUI:
    'When you create a user pool in Amazon Cognito and configure a domain for it, Amazon Cognito automatically provisions a hosted web UI to let you add sign-up and sign-in pages to your app. Selecting "No" will remove any existing OAuth configuration.',
} as const;
