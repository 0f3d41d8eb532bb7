import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { envNames } from '../config.ts';
import { Api, credentialsFor } from './admin-api.ts';
import { type Io, UsageError } from './keys.ts';

// `cognate users export|import`: moves a whole user pool, password verifiers included, between
// Cognate servers over their API (CognateExportUserPool / CognateImportUserPool). The file is
// NDJSON, written and read line by line: a first line with the pool, then one line per user.

const FORMAT = 'cognate-user-pool/1';

const COMMON_OPTIONS = `  --endpoint <url>    the server's URL (required)
  --data-dir <dir>    read the admin key from <dir>/credentials (profile "cognate"), as
                      written by the server; default ./.cognate       ${envNames.dataDir}
  --config <file>     JSON config file, as for cognate serve (for its dataDir)
  --profile <name>    credentials profile                             (default cognate)
  --region <r>        SigV4 region (default: the pool id's region)
  --json              print a JSON summary on stdout
  -h, --help          show this help

Credentials: --data-dir (or --config) when given; else AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY when set; else AWS_SHARED_CREDENTIALS_FILE or ./.cognate/credentials.`;

export const USERS_HELP = `Usage: cognate users <command> [options]

Moves a user pool between Cognate servers without password resets: the pool (same id, settings,
app clients with their secrets, groups) and every user (sub, username, status, attributes, SRP
verifier, groups, provider links).

Commands:
  export   write a pool to an NDJSON file
  import   create the pool from such a file on another server (or resume an import)

Run cognate users <command> --help for its options.
`;

const EXPORT_HELP = `Usage: cognate users export --endpoint <url> --pool <userPoolId> --out <file.jsonl> [options]

Writes the pool and its users to <file.jsonl>, one JSON object per line, page by page (the file
appears once complete). Progress goes to stderr.

Options:
  --pool <id>         user pool id (required)
  --out <file>        NDJSON file to write (required)
  --page-size <n>     users per request, 1-1000 (default 500)
${COMMON_OPTIONS}
`;

const IMPORT_HELP = `Usage: cognate users import --endpoint <url> --in <file.jsonl> [options]

Creates the exported pool (same id) on the server if it is not there, then its users, in
batches of one transaction each. Users already there are skipped, so an interrupted import can
simply be run again. A different pool holding the same id is refused.

Options:
  --in <file>         NDJSON file written by cognate users export (required)
  --batch-size <n>    users per request, 1-1000 (default 500)
  --max-request <n>   largest request body in bytes (default 786432; the server's limit is
                      its bodyLimit, 1 MiB by default)
${COMMON_OPTIONS}
`;

const OPTIONS = {
  endpoint: { type: 'string' },
  pool: { type: 'string' },
  out: { type: 'string' },
  in: { type: 'string' },
  'page-size': { type: 'string' },
  'batch-size': { type: 'string' },
  'max-request': { type: 'string' },
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>;

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function positive(value: string | undefined, name: string, fallback: number, max: number) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  }
  return n;
}

function endpointOf(values: Values): URL {
  if (!values.endpoint) throw new UsageError('--endpoint <url> is required');
  try {
    return new URL(values.endpoint);
  } catch {
    throw new UsageError(`--endpoint is not a URL: ${values.endpoint}`);
  }
}

/** The region part of a pool id (`us-east-1_abc` → `us-east-1`). */
const regionOf = (poolId: string) => poolId.split('_')[0] || 'us-east-1';

/** A progress line on stderr: rewritten in place on a terminal, else now and then. */
function progress(io: Io) {
  const tty = io === processIo && process.stderr.isTTY;
  let last = 0;
  return (text: string, done = false) => {
    if (tty) io.err(`\r${text}${done ? '\n' : ''}`);
    else if (done || Date.now() - last > 2000) {
      last = Date.now();
      io.err(`${text}\n`);
    }
  };
}

interface ExportPage {
  Pool?: { Id: string };
  Users: unknown[];
  NextToken?: string;
}

async function exportPool(values: Values, io: Io): Promise<void> {
  const endpoint = endpointOf(values);
  if (!values.pool) throw new UsageError('--pool <userPoolId> is required');
  if (!values.out) throw new UsageError('--out <file.jsonl> is required');
  const limit = positive(values['page-size'], 'page-size', 500, 1000);
  const api = new Api(endpoint, credentialsFor(values), values.region ?? regionOf(values.pool));
  const partial = `${values.out}.partial`;
  const out = createWriteStream(partial);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const show = progress(io);
  let users = 0;
  let token: string | undefined;
  try {
    do {
      const page: ExportPage = await api.call('CognateExportUserPool', {
        UserPoolId: values.pool,
        NextToken: token,
        Limit: limit,
      });
      if (page.Pool) await write(JSON.stringify({ Format: FORMAT, Pool: page.Pool }));
      for (const user of page.Users) await write(JSON.stringify(user));
      users += page.Users.length;
      token = page.NextToken;
      show(`exported ${users} users`, !token);
    } while (token);
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
  renameSync(partial, values.out);
  const summary = { UserPoolId: values.pool, Users: users, File: values.out };
  io.out(
    values.json
      ? `${JSON.stringify(summary)}\n`
      : `exported ${users} users of ${values.pool} to ${values.out}\n`,
  );
}

/** Lines of a file, read piece by piece (never the whole file). */
async function* lines(file: string): AsyncGenerator<string> {
  let carry = '';
  for await (const piece of createReadStream(file, { encoding: 'utf8' })) {
    const parts = (carry + piece).split('\n');
    carry = parts.pop() ?? '';
    yield* parts;
  }
  if (carry) yield carry;
}

interface ImportResult {
  UserPoolId: string;
  PoolCreated: boolean;
  ImportedUsers: number;
  SkippedUsers: number;
  FailedUsers: number;
}

async function importPool(values: Values, io: Io): Promise<void> {
  const endpoint = endpointOf(values);
  if (!values.in) throw new UsageError('--in <file.jsonl> is required');
  if (!existsSync(values.in)) throw new UsageError(`no file at ${values.in}`);
  const batchSize = positive(values['batch-size'], 'batch-size', 500, 1000);
  const maxRequest = positive(values['max-request'], 'max-request', 768 * 1024, 16 * 1024 * 1024);
  const credentials = credentialsFor(values);
  const show = progress(io);
  let api: Api | undefined;
  let pool: { Id: string } | undefined;
  let sentPool = false;
  let batch: string[] = [];
  let batchBytes = 0;
  const totals = {
    UserPoolId: '',
    PoolCreated: false,
    ImportedUsers: 0,
    SkippedUsers: 0,
    FailedUsers: 0,
  };
  const flush = async () => {
    if (!api || !pool) return;
    // The users go as the lines were read: no parse and re-serialize of each.
    const head = sentPool
      ? `"UserPoolId":${JSON.stringify(pool.Id)}`
      : `"Pool":${JSON.stringify(pool)}`;
    const body = `{${head},"Users":[${batch.join(',')}]}`;
    const result = await api.send<ImportResult>('CognateImportUserPool', body);
    sentPool = true;
    totals.UserPoolId = result.UserPoolId;
    totals.PoolCreated ||= result.PoolCreated;
    totals.ImportedUsers += result.ImportedUsers;
    totals.SkippedUsers += result.SkippedUsers;
    totals.FailedUsers += result.FailedUsers;
    batch = [];
    batchBytes = 0;
    show(
      `imported ${totals.ImportedUsers} users, skipped ${totals.SkippedUsers}, failed ${totals.FailedUsers}`,
    );
  };
  let n = 0;
  for await (const line of lines(values.in)) {
    n += 1;
    if (!line.trim()) continue;
    if (!pool) {
      let first: { Format?: string; Pool?: { Id: string } };
      try {
        first = JSON.parse(line);
      } catch {
        throw new UsageError(`${values.in}:${n}: not JSON`);
      }
      if (first.Format !== FORMAT || !first.Pool?.Id) {
        throw new UsageError(`${values.in}: not a file written by cognate users export`);
      }
      pool = first.Pool;
      api = new Api(endpoint, credentials, values.region ?? regionOf(pool.Id));
      continue;
    }
    const bytes = Buffer.byteLength(line);
    if (batch.length > 0 && (batch.length >= batchSize || batchBytes + bytes > maxRequest)) {
      await flush();
    }
    batch.push(line);
    batchBytes += bytes + 1;
  }
  if (!pool) throw new UsageError(`${values.in} is empty`);
  // The last batch, or the pool alone when it has no users.
  if (batch.length > 0 || !sentPool) await flush();
  show(
    `imported ${totals.ImportedUsers} users, skipped ${totals.SkippedUsers}, failed ${totals.FailedUsers}`,
    true,
  );
  io.out(
    values.json
      ? `${JSON.stringify(totals)}\n`
      : `${totals.PoolCreated ? 'created' : 'found'} pool ${totals.UserPoolId}: imported ${totals.ImportedUsers} users, skipped ${totals.SkippedUsers} already there, ${totals.FailedUsers} failed\n`,
  );
}

/** Runs `cognate users <args>`. */
export async function runUsersCommand(args: string[], io: Io = processIo): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(USERS_HELP);
    return;
  }
  if (command !== 'export' && command !== 'import') {
    throw new UsageError(`unknown users command "${command}" (export or import)`);
  }
  const values = parse(rest);
  if (values.help) {
    io.out(command === 'export' ? EXPORT_HELP : IMPORT_HELP);
    return;
  }
  await (command === 'export' ? exportPool(values, io) : importPool(values, io));
}
