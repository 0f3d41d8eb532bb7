// Model validation as Cognito words it, through the AWS SDK: one validator serves the operation
// edge and the settings parsers, so the same fault reads the same wherever it is found.
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminLinkProviderForUserCommand,
  ConfirmSignUpCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createPool,
  PASSWORD,
  passwordPool,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const USERNAME_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+';

test('a username is sensitive: its faults never show it, and all of them are listed', async () => {
  await rejects(
    t.anon.send(new SignUpCommand({ ClientId: clientId, Username: '', Password: PASSWORD })),
    'InvalidParameterException',
    "2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      `Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: ${USERNAME_PATTERN}`,
  );
  await rejects(
    t.anon.send(
      new SignUpCommand({ ClientId: clientId, Username: 'x'.repeat(129), Password: PASSWORD }),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
  );
  await rejects(
    t.admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'has space' })),
    'InvalidParameterException',
    `1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: ${USERNAME_PATTERN}`,
  );
});

test('a pattern is quoted as the model writes it, with the value when it is not sensitive', async () => {
  await rejects(
    t.anon.send(
      new ConfirmSignUpCommand({ ClientId: 'not a client', Username: 'u', ConfirmationCode: '1' }),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value 'not a client' at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+",
  );
});

test('the settings parsers report an empty pool name as the edge reports an empty username', async () => {
  await rejects(
    t.admin.send(new CreateUserPoolCommand({ PoolName: '' })),
    'InvalidParameterException',
    "2 validation errors detected: Value '' at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value '' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
  );
});

test('a list item that breaks its shape is reported at the list', async () => {
  const long = 'x'.repeat(33);
  await rejects(
    t.admin.send(new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['email', long] })),
    'InvalidParameterException',
    `1 validation error detected: Value '[email, ${long}]' at 'attributesToGet' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 32, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${USERNAME_PATTERN}]`,
  );
  await rejects(
    t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: unique('fax'),
        DesiredDeliveryMediums: ['FAX' as never],
      }),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value '[FAX]' at 'desiredDeliveryMediums' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SMS, EMAIL]]",
  );
  await rejects(
    t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: unique('mute'),
        MessageAction: 'MUTE' as never,
      }),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value 'MUTE' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
  );
});

test('a member of a structure is reported at its path', async () => {
  await rejects(
    t.admin.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'someone' },
        SourceUser: {
          ProviderName: '',
          ProviderAttributeName: 'Cognito_Subject',
          ProviderAttributeValue: '1',
        },
      }),
    ),
    'InvalidParameterException',
    /^2 validation errors detected: Value '' at 'sourceUser.providerName' failed to satisfy constraint: Member must have length greater than or equal to 1; /,
  );
});

test('a phone number as the username is E.164, as the phone_number attribute is', async () => {
  const pool = await createPool(t, { UsernameAttributes: ['phone_number'] });
  const client = await createClient(t, pool.Id);
  const signUp = (Username: string) =>
    t.anon.send(new SignUpCommand({ ClientId: client.ClientId, Username, Password: PASSWORD }));
  for (const bad of ['+0123', '+1234567890123456', '+1-206-5551212']) {
    await rejects(signUp(bad), 'InvalidParameterException', 'Username should be a phone number.');
  }
  await signUp('+14325551212');
});
