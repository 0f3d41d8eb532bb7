import { Command, CommanderError, Option } from 'commander';
import { AUTH_VERBS, amplifyForms } from './commands/aliases.ts';
import { registerAudit } from './commands/audit.ts';
import { addAuth, importAuth, removeAuth, updateAuth } from './commands/auth.ts';
import { envAdd, envCheckout, envList, envRemove, envUpdate } from './commands/env.ts';
import { init } from './commands/init.ts';
import { consoleUrl, serve } from './commands/misc.ts';
import { type PullOptions, pull } from './commands/pull.ts';
import { push, status } from './commands/push.ts';
import { CliError, Output } from './output.ts';

const program = new Command('cognate')
  .description(
    "The Amplify CLI's auth workflow against a Cognate server: configuration as files in cognate/, `push` makes the server match them.",
  )
  .version('0.1.0')
  .option('--json', 'print one JSON document on stdout (messages go to stderr)')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Start:   cognate serve (a local server), then in another terminal: cognate init && cognate add auth && cognate push
Fix:     cognate env update --endpoint <url> --credentials <data-dir>/credentials
CI:      cognate init --yes --endpoint <url> && cognate add auth --headless '{"signIn":"email"}' && cognate push --yes --json`,
  );

const headless = new Option(
  '--headless <json>',
  'answers as JSON (inline, a file, or - for stdin), for CI; no questions',
);

const HEADLESS_AUTH = `
Headless JSON (any member left out keeps the default; null removes devices or a trigger):
  {"resourceName":"myauth","userPoolName":"my_pool",
  "signIn":"username|email|phone|email-or-phone","requiredAttributes":["email"],
  "customAttributes":[{"name":"tier","type":"String","mutable":true}],
  "passwordPolicy":{"minLength":8,"requireLowercase":false,"requireUppercase":false,"requireNumbers":false,"requireSymbols":false},
  "mfa":{"mode":"OFF|OPTIONAL|ON","types":["SMS","TOTP","EMAIL"],"smsMessage":"… {####}",
    "emailSubject":"…","emailMessage":"… {####}"},
  "devices":{"challengeRequiredOnNewDevice":true,"onlyRememberedOnUserPrompt":false},
  "refreshTokenDays":30,
  "emailVerificationSubject":"…","emailVerificationMessage":"… {####}","smsVerificationMessage":"… {####}",
  "oauth":{"domainPrefix":"x","redirectSignIn":["http://localhost:3000/"],"redirectSignOut":["http://localhost:3000/"],
    "flows":["code|implicit"],"scopes":["openid"],"providers":["Facebook","Google","LoginWithAmazon","SignInWithApple"],
    "credentials":{"Google":{"client_id":"…","client_secret":"…"},
      "SignInWithApple":{"client_id":"…","team_id":"…","key_id":"…","private_key":"…"}}} (or null: no hosted UI),
  "triggers":{"PreSignUp":"myauthPreSignUp"},"preTokenGenerationVersion":"V1_0|V2_0",
  "identityPool":{"name":"x","allowUnauthenticated":false,
    "loginProviders":{"accounts.google.com":"…","graph.facebook.com":"…","www.amazon.com":"…","appleid.apple.com":"…"}}
    (or null: no identity pool)}

Triggers: PreSignUp, CustomMessage, PostConfirmation, PreAuthentication, PostAuthentication,
PreTokenGeneration, UserMigration, DefineAuthChallenge, CreateAuthChallenge,
VerifyAuthChallengeResponse, CustomEmailSender, CustomSMSSender. Each names a function (or a
Lambda ARN); a function without a file gets a starter cognate/backend/function/<name>.mjs, which
the server runs when started with --functions-dir cognate/backend/function (cognate serve does).
A webhook URL (https://…) instead is POSTed the event, signed with the server's webhook secret
(COGNATE_WEBHOOK_SECRET).

The providers' credentials are kept per environment in cognate/.config/local-secrets.json (not
committed); push creates the domain <domainPrefix>-<env>. An identity pool is created as
<name>__<env> with the web client as its Cognito provider, and two IAM roles
(amplify-<project>-<env>-<stamp>-authRole / -unauthRole) for signed-in users and guests.`;

/** Runs a command's function with the global `--json` output, and prints its result. */
function run<A extends unknown[]>(fn: (...args: [...A, Output]) => unknown | Promise<unknown>) {
  return async (...args: A) => {
    const out = new Output(Boolean(program.opts().json));
    const result = await fn(...args, out);
    out.result(result);
  };
}

program
  .command('init')
  .description('create cognate/ here: project, first environment (server endpoint, credentials)')
  .option('--name <name>', 'project name (default: folder name)')
  .option('--env <name>', 'first environment (default: dev)')
  .option('--endpoint <url>', 'Cognate server (default: http://127.0.0.1:9229)')
  .option('--region <region>', 'region (default: us-east-1)')
  .option('--profile <profile>', 'profile with the admin key (default: cognate)')
  .option(
    '--credentials <file>',
    "shared-credentials file (default: .cognate/credentials, the server's)",
  )
  .option('--source-dir <dir>', 'where aws-exports.js goes (default: src)')
  .option('-y, --yes', 'take the defaults for everything not given')
  .addOption(headless)
  .action(run((opts: Record<string, string>, _cmd: Command, out: Output) => init(opts, out)));

const add = program.command('add').description('add a resource (auth)');
add
  .command('auth')
  .description('add a user pool and web client: the questions of `amplify add auth`')
  .option('-y, --yes', 'Default configuration (email sign-in) without questions')
  .addOption(headless)
  .addHelpText('after', HEADLESS_AUTH)
  .action(
    run((opts: { yes?: boolean; headless?: string }, _c: Command, out: Output) =>
      addAuth(opts, out),
    ),
  );

program
  .command('update')
  .description('change a resource (auth)')
  .command('auth')
  .description('the questions of `amplify update auth`, starting from the current answers')
  .addOption(headless)
  .addHelpText(
    'after',
    `
Headless JSON: the members to change, as for \`cognate add auth --help\` (signIn and resourceName
cannot change), e.g. {"mfa":{"mode":"OPTIONAL","types":["TOTP"]}} or {"triggers":{"PreSignUp":null}}.`,
  )
  .action(run((opts: { headless?: string }, _c: Command, out: Output) => updateAuth(opts, out)));

program
  .command('remove')
  .description('unlink a resource (auth)')
  .command('auth [name]')
  .description('unlink the auth resource; the pool stays on the server, as with Amplify')
  .option('-y, --yes', 'do not ask for confirmation')
  .action(
    run((name: string | undefined, opts: { yes?: boolean }, _c: Command, out: Output) =>
      removeAuth(name, opts, out),
    ),
  );

program
  .command('import')
  .description('use an existing resource (auth)')
  .command('auth')
  .description('use a user pool that already exists on the server (`amplify import auth`)')
  .option('--user-pool-id <id>', 'the pool, without questions')
  .option('--web-client-id <id>', 'its web client (no secret); default: the first one')
  .option('--identity-pool-id <id>', 'an identity pool that lists the user pool and its web client')
  .option('--name <name>', 'resource name in the project')
  .addOption(headless)
  .action(run((opts: Record<string, string>, _c: Command, out: Output) => importAuth(opts, out)));

program
  .command('push')
  .description(
    'show the plan, confirm, make the server match cognate/backend, write aws-exports.js',
  )
  .option('-y, --yes', 'apply without asking')
  .action(run((opts: { yes?: boolean }, _c: Command, out: Output) => push(opts, out)));

program
  .command('pull')
  .description(
    "update cognate/backend from the server's pools and write aws-exports.js; with --user-pool-id, set up this folder for a pool in one step (the admin console's local setup)",
  )
  .option(
    '--endpoint <url>',
    'the Cognate server (with --user-pool-id: the project is made here if there is none)',
  )
  .option(
    '--user-pool-id <id>',
    'the pool to use: imported as the auth resource, without questions',
  )
  .option('--app-client-id <id>', 'its web app client (no secret); default: the only one')
  .option(
    '--credentials <file>',
    "shared-credentials file with the admin key (default: the local server's)",
  )
  .option('--profile <profile>', 'profile with the admin key (default: cognate)')
  .option('--region <region>', "region (default: the pool id's)")
  .option('--env <name>', 'environment (default: the checked-out one, or dev)')
  .option('-y, --yes', 'no questions (the setup form never asks)')
  .action(run((opts: PullOptions, _c: Command, out: Output) => pull(opts, out)));

program
  .command('status')
  .description('what push would do: local files against the server')
  .option('-v, --verbose', 'show the plan even when nothing changes')
  .action(run((opts: { verbose?: boolean }, _c: Command, out: Output) => status(opts, out)));

const env = program.command('env').description('environments: each with its own server and pools');
env
  .command('add <name>')
  .description('add an environment and check it out')
  .option('--endpoint <url>', "its Cognate server (default: the current environment's)")
  .option('--region <region>', 'region')
  .option('--profile <profile>', 'profile with the admin key')
  .option('--credentials <file>', 'shared-credentials file')
  .option('--keep-imports', 'imported resources keep their pool in the new environment')
  .option('-y, --yes', "no questions: the current environment's settings for anything not given")
  .addOption(headless)
  .action(
    run((name: string, opts: Record<string, string>, _c: Command, out: Output) =>
      envAdd(name, opts, out),
    ),
  );
env
  .command('update [name]')
  .description(
    "change an environment's server, region, profile or credentials file (default: the checked-out one)",
  )
  .option('--endpoint <url>', 'its Cognate server')
  .option('--region <region>', 'region')
  .option('--profile <profile>', 'profile with the admin key')
  .option('--credentials <file>', "shared-credentials file (the server's <data-dir>/credentials)")
  .option('-y, --yes', 'no questions: keep what is not given')
  .action(
    run((name: string | undefined, opts: Record<string, string>, _c: Command, out: Output) =>
      envUpdate(name, opts, out),
    ),
  );
env
  .command('list')
  .description('list the environments; * marks the checked-out one')
  .option('--details', "show each environment's settings and ids")
  .action(run((opts: { details?: boolean }, _c: Command, out: Output) => envList(opts, out)));
env
  .command('checkout <name>')
  .description('switch environment and write its aws-exports.js')
  .action(run((name: string, _o: unknown, _c: Command, out: Output) => envCheckout(name, out)));
env
  .command('remove <name>')
  .description('forget an environment (its pools stay on the server)')
  .option('-y, --yes', 'do not ask for confirmation')
  .action(
    run((name: string, opts: { yes?: boolean }, _c: Command, out: Output) =>
      envRemove(name, opts, out),
    ),
  );

program
  .command('console [category]')
  .description(
    "print the server's admin console URL (<endpoint>/console); `console auth` as Amplify's",
  )
  .option('--endpoint <url>', "a server other than the current environment's")
  .action(
    run((category: string | undefined, opts: { endpoint?: string }, _c: Command, out: Output) =>
      consoleUrl(category, opts, out),
    ),
  );

program
  .command('auth <verb>')
  .description(
    `Amplify's category-first forms: cognate auth ${Object.keys(AUTH_VERBS).join('|')} (same as cognate add auth, …)`,
  )
  .allowUnknownOption()
  .action((verb: string) => {
    throw new CliError(
      `unknown auth command "${verb}"`,
      `one of: ${Object.keys(AUTH_VERBS)
        .map((v) => `cognate auth ${v}`)
        .join(', ')}`,
      'UnknownCommand',
    );
  });

program
  .command('serve')
  .description(
    "run the Cognate server here (same as `npm start`), with the project's trigger functions; flags go to the server (cognate serve -- --help)",
  )
  .allowUnknownOption()
  .helpOption(false)
  .argument('[args...]')
  .action(async (args: string[]) => {
    process.exitCode = await serve(args);
  });

registerAudit(program, run);

program.exitOverride();

/** Prints an error the way the user needs it, and sets a non-zero exit code. */
function report(err: unknown): void {
  const json = process.argv.includes('--json');
  if (err instanceof CommanderError) {
    // Commander already printed its message (or the help / version, exit code 0).
    process.exitCode = err.exitCode;
    return;
  }
  // @inquirer/prompts throws ExitPromptError on Ctrl-C.
  if ((err as Error)?.name === 'ExitPromptError') {
    process.stderr.write('\nCancelled; nothing changed.\n');
    process.exitCode = 130;
    return;
  }
  const known = err instanceof CliError;
  const error = known
    ? { code: err.code, message: err.message, hint: err.hint }
    : { code: 'InternalError', message: (err as Error)?.stack ?? String(err) };
  if (json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  process.stderr.write(`✖ ${error.message}\n`);
  if (error.hint) process.stderr.write(`  ${error.hint}\n`);
  process.exitCode = 1;
}

// The AWS SDK warns on every run that its 2027 releases will need Node 22; this CLI supports
// Node 20, and the notice would bury the command's own output. The SDK reads this when a client
// is made, which is after this line runs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
try {
  await program.parseAsync(amplifyForms(process.argv));
} catch (err) {
  report(err);
}
