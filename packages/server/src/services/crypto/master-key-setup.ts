import { useAtRestCipher } from '../../store/at-rest.ts';
import type { Db } from '../../store/open.ts';
import {
  flushOldVersions,
  type ResealCounts,
  rawServerSecret,
  resealSecrets,
} from '../../store/repositories/secrets-at-rest.ts';
import { type MasterKey, MasterKeyError, masterKeyCipher, sealedKeyId } from './master-key.ts';
import type { LoadedMasterKey } from './master-key-source.ts';

/**
 * Every key installed in this process. One process serves one deployment, but tests start
 * several servers in one process: a key stays able to open what it sealed while another
 * server's key seals.
 */
const seen = new Map<string, MasterKey>();

/**
 * Checks that `loaded` opens the database's secrets (else throws a MasterKeyError saying which
 * key is needed), installs it for the store's repositories, and seals every secret not yet sealed
 * with its current key (plaintext rows of older versions, rows of a previous key).
 */
export async function installMasterKey(db: Db, loaded: LoadedMasterKey): Promise<ResealCounts> {
  const { ring } = loaded;
  const sealed = await rawServerSecret(db, 'hmac');
  const id = sealed && sealedKeyId(sealed);
  const ids = [ring.current, ...ring.previous].map((k) => k.id);
  if (id && !ids.includes(id)) {
    throw new MasterKeyError(
      `the master key does not open this database: its secrets are sealed with key ${id}, and the key given (${loaded.source}) is ${ring.current.id}. ` +
        'Start with the key the database was sealed with (env COGNATE_MASTER_KEY or COGNATE_MASTER_KEY_FILE); ' +
        'during a rotation, give the old one in COGNATE_MASTER_KEY_PREVIOUS.',
    );
  }
  for (const k of [ring.current, ...ring.previous]) seen.set(k.id, k);
  const others = [...seen.values()].filter((k) => k.id !== ring.current.id);
  const cipher = masterKeyCipher({ current: ring.current, previous: others });
  useAtRestCipher(cipher);
  const counts = await resealSecrets(db, masterKeyCipher(ring));
  if (Object.values(counts).some((n) => n > 0)) await flushOldVersions(db);
  return counts;
}
