import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Config, dataDirOf, envNames, loadConfig } from '../config.ts';
import { systemClock } from '../services/context.ts';
import { installMasterKey } from '../services/crypto/master-key-setup.ts';
import { loadMasterKey } from '../services/crypto/master-key-source.ts';
import { describeSigningKeys, rotateSigningKey } from '../services/tokens/index.ts';
import { type Db, openDatabase } from '../store/open.ts';
import { sqliteFileOf } from '../store/sqlite-file.ts';
import { UsageError } from './usage-error.ts';

// `cognate keys …`: signing-key administration straight on the configured store, so it works
// with the server stopped or running (every instance reads its keys from the database).

const STORE_OPTIONS = `  --pool <id>         user pool id (required)
  --data-dir <dir>    data folder (holds the SQLite file)       ${envNames.dataDir} (default ./.cognate)
  --database <url>    PostgreSQL URL instead of SQLite          ${envNames.database}
  --config <file>     JSON config file, as for cognate serve
  --json              print JSON
  -h, --help          show this help`;

export const KEYS_HELP = `Usage: cognate keys <command> [options]

Manages a user pool's token signing keys (RS256, published at /<pool>/.well-known/jwks.json).

Commands:
  rotate   make a new signing key; the old one stays published until its tokens have expired
  list     show the pool's keys: kid, created, retires, state

Run cognate keys <command> --help for its options.
`;

const ROTATE_HELP = `Usage: cognate keys rotate --pool <userPoolId> [options]

Adds a new signing key that signs every token from now on. The key it replaces stays in the
JWKS, and is accepted for access tokens, for one day (the longest ID/access token lifetime), so
tokens already issued keep verifying. Keys whose day has passed are deleted. Prints the new kid.

Options:
${STORE_OPTIONS}
`;

const LIST_HELP = `Usage: cognate keys list --pool <userPoolId> [options]

Lists the pool's signing keys, newest first: kid, created, retires (when it leaves the JWKS) and
state (signing, published, or expired: deleted at the next rotation).

Options:
${STORE_OPTIONS}
`;

export { UsageError };

/** Where output goes; tests may capture it. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Opens the store `cognate serve` would open for `config`, refusing to create a SQLite file:
 * rotating the keys of a database that does not exist yet is a mistake in the path. Installs the
 * server's master key, as `cognate serve` does: private keys are sealed with it, both those read
 * and the one a rotation writes.
 */
async function openConfiguredStore(config: Config): Promise<Db> {
  const dataDir = dataDirOf(config);
  const file = sqliteFileOf(dataDir);
  if (!config.database && !existsSync(file)) {
    throw new UsageError(`no database at ${file}; start the server once or pass --data-dir`);
  }
  const masterKey = loadMasterKey({ ...config, dataDir });
  const db = await openDatabase({ dataDir, database: config.database, poolSize: 1 });
  try {
    await installMasterKey(db, masterKey);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

const OPTIONS = {
  pool: { type: 'string' },
  'data-dir': { type: 'string' },
  database: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

/** Runs `cognate keys <args>`. */
export async function runKeysCommand(args: string[], io: Io = processIo): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(KEYS_HELP);
    return;
  }
  if (command !== 'rotate' && command !== 'list') {
    throw new UsageError(`unknown keys command "${command}" (rotate or list)`);
  }
  const values = parse(rest);
  if (values.help) {
    io.out(command === 'rotate' ? ROTATE_HELP : LIST_HELP);
    return;
  }
  if (!values.pool) throw new UsageError('--pool <userPoolId> is required');
  const config = loadConfig({
    env: process.env,
    file: values.config,
    flags: { dataDir: values['data-dir'], database: values.database },
  });
  const db = await openConfiguredStore(config);
  try {
    const ctx = { db, clock: systemClock };
    if (command === 'rotate') {
      const r = await rotateSigningKey(ctx, values.pool);
      if (values.json) {
        io.out(
          `${JSON.stringify({ KeyId: r.kid, PreviousKeyIds: r.retiredKids, RetiresAt: iso(r.retiresAt) })}\n`,
        );
      } else {
        io.out(`${r.kid}\n`);
        if (r.retiredKids.length > 0) {
          io.err(`replaced ${r.retiredKids.join(', ')}: published until ${iso(r.retiresAt)}\n`);
        }
      }
    } else {
      const keys = await describeSigningKeys(ctx, values.pool);
      if (values.json) {
        const rows = keys.map((k) => ({
          KeyId: k.kid,
          CreatedAt: iso(k.createdAt),
          RetiresAt: k.retiresAt === undefined ? undefined : iso(k.retiresAt),
          State: k.state,
        }));
        io.out(`${JSON.stringify({ Keys: rows })}\n`);
      } else {
        const table = [
          ['KID', 'CREATED', 'RETIRES', 'STATE'],
          ...keys.map((k) => [k.kid, iso(k.createdAt), iso(k.retiresAt), k.state]),
        ];
        const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
        for (const row of table) {
          io.out(
            `${row
              .map((cell, i) => cell.padEnd(widths[i]))
              .join('  ')
              .trimEnd()}\n`,
          );
        }
      }
    }
  } finally {
    await db.destroy();
  }
}
