import { parseArgs } from 'node:util';
import { type Config, dataDirOf, envNames, loadConfig } from '../config.ts';
import { type MasterKey, newMasterKey, parseMasterKey } from '../services/crypto/master-key.ts';
import { installMasterKey } from '../services/crypto/master-key-setup.ts';
import { loadMasterKey, writeKeyFile } from '../services/crypto/master-key-source.ts';
import { openDatabase } from '../store/open.ts';
import { UsageError } from './usage-error.ts';

// `cognate-server rotate-master-key`: re-seals every secret at rest with a new master key,
// straight on the configured store. Run it with the server stopped (instances hold the old key).

export const ROTATE_MASTER_KEY_HELP = `Usage: cognate-server rotate-master-key [options]

Re-seals the secrets in the database (client secrets, signing keys, admin access keys, the server
secret) with a new master key. Stop the server first; start it again afterwards with the new key.

With a key file (${envNames.masterKeyFile}, or the default .cognate-master-key beside the data
folder), a new key is generated and the file rewritten: first with the new key and the old one
(so an interrupted rotation can be run again), then, once every secret is re-sealed, with the
new key alone. With ${envNames.masterKey}, give the new key in COGNATE_NEW_MASTER_KEY (or one is
generated and printed); then start the server with ${envNames.masterKey} set to it.

Options:
  --data-dir <dir>    data folder (holds the SQLite file)       ${envNames.dataDir} (default ./.cognate)
  --database <url>    PostgreSQL URL instead of SQLite          ${envNames.database}
  --config <file>     JSON config file, as for cognate serve
  -h, --help          show this help
`;

/** What a rotation did. */
export interface RotationResult {
  oldKeyId: string;
  newKeyId: string;
  /** Secrets re-sealed with the new key. */
  resealed: number;
  /** The key file rewritten, when the key lives in one. */
  file?: string;
  /** The new key in text form, when it was generated for an environment-variable setup. */
  printedKey?: string;
}

/**
 * Re-seals every secret of the configured store with `newKey` (generated when absent), keeping
 * the old key as a decrypt-only key until done. Rewrites the key file when the key lives in one.
 */
export async function rotateMasterKey(config: Config, newKey?: MasterKey): Promise<RotationResult> {
  const dataDir = dataDirOf(config);
  const loaded = loadMasterKey({ ...config, dataDir });
  const next = newKey ?? newMasterKey();
  const old = [loaded.ring.current, ...loaded.ring.previous];
  // The file names both keys before anything is re-sealed: whichever key a row has, it opens.
  if (loaded.file) writeKeyFile(loaded.file, [next, ...old]);
  const db = await openDatabase({ dataDir, database: config.database });
  try {
    // Checks the old key opens the database, then re-seals every row with the new one.
    await installMasterKey(db, loaded);
    const counts = await installMasterKey(db, {
      ...loaded,
      ring: { current: next, previous: old },
    });
    if (loaded.file) writeKeyFile(loaded.file, [next]);
    return {
      oldKeyId: loaded.ring.current.id,
      newKeyId: next.id,
      resealed: Object.values(counts).reduce((a, b) => a + b, 0),
      file: loaded.file,
      printedKey: loaded.file || newKey ? undefined : next.key.toString('base64'),
    };
  } finally {
    await db.destroy();
  }
}

/** Runs `cognate-server rotate-master-key` with its arguments. */
export async function runRotateMasterKeyCommand(argv: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        database: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(ROTATE_MASTER_KEY_HELP);
    return;
  }
  const config = loadConfig({
    env: process.env,
    file: values.config as string | undefined,
    flags: { dataDir: values['data-dir'], database: values.database },
  });
  const given = process.env.COGNATE_NEW_MASTER_KEY;
  const result = await rotateMasterKey(config, given ? parseMasterKey(given) : undefined);
  process.stdout.write(
    `master key rotated: ${result.oldKeyId} -> ${result.newKeyId}, ${result.resealed} secrets re-sealed\n`,
  );
  if (result.file) process.stdout.write(`key file: ${result.file}\n`);
  if (result.printedKey) {
    process.stdout.write(
      `new key (set ${envNames.masterKey} to it before starting the server):\n${result.printedKey}\n`,
    );
  } else if (!result.file) {
    process.stdout.write(`start the server with ${envNames.masterKey} set to the new key\n`);
  }
}
