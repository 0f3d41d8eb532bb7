// Pool export and import in the file format of `cognate users export` / `users import`
// (NDJSON: a first line {Format, Pool}, then one user per line), so a file moves either way.
import { idp } from '../api';

/** The format tag of the first line. */
export const POOL_FILE_FORMAT = 'cognate-user-pool/1';

/** Users per CognateImportUserPool call (the server takes at most 1000 and its body limit). */
const BATCH = 250;

/** Exports a pool, page by page, as the NDJSON text of `cognate users export`. */
export async function exportPool(
  userPoolId: string,
  progress: (users: number) => void,
): Promise<string> {
  const lines: string[] = [];
  let nextToken: string | undefined;
  let users = 0;
  do {
    const page = await idp<{ Pool?: unknown; Users: unknown[]; NextToken?: string }>(
      'CognateExportUserPool',
      { UserPoolId: userPoolId, Limit: 1000, ...(nextToken ? { NextToken: nextToken } : {}) },
    );
    if (page.Pool) lines.push(JSON.stringify({ Format: POOL_FILE_FORMAT, Pool: page.Pool }));
    for (const u of page.Users) lines.push(JSON.stringify(u));
    users += page.Users.length;
    progress(users);
    nextToken = page.NextToken;
  } while (nextToken);
  return `${lines.join('\n')}\n`;
}

/** What an import did. */
export interface ImportTotals {
  userPoolId: string;
  poolCreated: boolean;
  imported: number;
  skipped: number;
  failed: number;
}

/**
 * Imports an exported pool: the first call carries the pool (created with its id, clients and
 * groups), the next ones the rest of the users. Also takes a single JSON object {Pool, Users}.
 */
export async function importPool(
  text: string,
  progress: (t: ImportTotals) => void,
): Promise<ImportTotals> {
  const { pool, users } = parsePoolFile(text);
  const totals: ImportTotals = {
    userPoolId: pool.Id,
    poolCreated: false,
    imported: 0,
    skipped: 0,
    failed: 0,
  };
  let first = true;
  for (let i = 0; first || i < users.length; i += BATCH) {
    const r = await idp<{
      PoolCreated: boolean;
      ImportedUsers: number;
      SkippedUsers: number;
      FailedUsers: number;
    }>('CognateImportUserPool', {
      ...(first ? { Pool: pool } : { UserPoolId: pool.Id }),
      Users: users.slice(i, i + BATCH),
    });
    first = false;
    totals.poolCreated ||= r.PoolCreated;
    totals.imported += r.ImportedUsers;
    totals.skipped += r.SkippedUsers;
    totals.failed += r.FailedUsers;
    progress({ ...totals });
  }
  return totals;
}

/** Reads an export file: NDJSON with a {Format, Pool} first line, or one {Pool, Users} object. */
export function parsePoolFile(text: string): { pool: { Id: string }; users: unknown[] } {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('The file is empty.');
  try {
    const whole = JSON.parse(trimmed) as { Pool?: { Id: string }; Users?: unknown[] };
    if (whole.Pool?.Id) return { pool: whole.Pool, users: whole.Users ?? [] };
  } catch {
    // Not one JSON document: read it line by line below.
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
  let head: { Format?: string; Pool?: { Id: string } };
  try {
    head = JSON.parse(lines[0]);
  } catch {
    throw new Error('Line 1 is not JSON.');
  }
  if (head.Format !== POOL_FILE_FORMAT || !head.Pool?.Id) {
    throw new Error('Not a pool export (cognate users export, or Export on this page).');
  }
  const users = lines.slice(1).map((l, i) => {
    try {
      return JSON.parse(l) as unknown;
    } catch {
      throw new Error(`Line ${i + 2} is not JSON.`);
    }
  });
  return { pool: head.Pool, users };
}

/** Offers `text` to the browser as a download named `name`. */
export function download(name: string, text: string, type = 'application/x-ndjson'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
