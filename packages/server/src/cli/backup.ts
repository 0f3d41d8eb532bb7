import { parseArgs } from 'node:util';
import { dataDirOf, envNames, loadConfig } from '../config.ts';
import { backupSqlite, restoreSqlite } from '../store/sqlite-backup.ts';
import { sqliteFileOf } from '../store/sqlite-file.ts';
import { UsageError } from './usage-error.ts';

// `cognate-server backup <file>` and `restore <file>`: a consistent snapshot of the SQLite
// database while the server runs, and putting one back into a stopped server's data folder.

export const BACKUP_HELP = `Usage: cognate-server backup <file> [options]
       cognate-server restore <file> [options]

backup   copies the SQLite database to <file> (mode 0600) with SQLite's online backup API: the
         server may keep running; the copy is one consistent state of the database.
restore  replaces the data folder's database with <file> (checked first). Stop the server before,
         start it after, with the same master key (secrets in the copy are sealed with it; the
         copy does not contain the key).

On PostgreSQL use pg_dump / pg_restore (see docs/operations.md).

Options:
  --data-dir <dir>    data folder (holds the SQLite file)       ${envNames.dataDir} (default ./.cognate)
  --config <file>     JSON config file, as for cognate serve
  -h, --help          show this help
`;

/** Runs `cognate-server backup|restore <file>`. */
export async function runBackupCommand(command: 'backup' | 'restore', argv: string[]) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(BACKUP_HELP);
    return;
  }
  if (positionals.length !== 1)
    throw new UsageError(`${command} takes one file: ${command} <file>`);
  const config = loadConfig({
    env: process.env,
    file: values.config,
    flags: { dataDir: values['data-dir'] },
  });
  if (config.database) {
    throw new UsageError(
      `${command} works on the SQLite store; for PostgreSQL use pg_dump / pg_restore (docs/operations.md)`,
    );
  }
  const file = sqliteFileOf(dataDirOf(config));
  const [target] = positionals;
  if (command === 'backup') {
    const pages = await backupSqlite(file, target);
    process.stdout.write(`backed up ${file} to ${target} (${pages} pages)\n`);
  } else {
    const pages = await restoreSqlite(target, file);
    process.stdout.write(`restored ${target} into ${file} (${pages} pages)\n`);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
