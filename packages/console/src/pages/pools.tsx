// Pools: the list (ListUserPools), create, delete with a typed confirmation, import and export
// in `cognate users export`'s file format.
import { useState } from 'preact/hooks';
import { errorText, idp } from '../api';
import { Alert, Modal, Status, TextArea, TextField, useLoad } from '../components/ui';
import { poolHref, selectPool } from '../route';
import { CreatePoolDialog } from './pools-create';
import { download, exportPool, importPool } from './pools-transfer';

interface PoolSummary {
  Id: string;
  Name: string;
  CreationDate?: number | string;
  LastModifiedDate?: number | string;
}

async function listPools(): Promise<PoolSummary[]> {
  const all: PoolSummary[] = [];
  let token: string | undefined;
  do {
    const r = await idp<{ UserPools: PoolSummary[]; NextToken?: string }>('ListUserPools', {
      MaxResults: 60,
      ...(token ? { NextToken: token } : {}),
    });
    all.push(...r.UserPools);
    token = r.NextToken;
  } while (token);
  return all.sort((a, b) => a.Name.localeCompare(b.Name));
}

const date = (d: number | string | undefined) =>
  d === undefined ? '' : new Date(typeof d === 'number' ? d * 1000 : d).toLocaleDateString();

/** The pool list with its actions. */
export function PoolsPage() {
  const pools = useLoad(listPools, []);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<PoolSummary>();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function onExport(pool: PoolSummary) {
    setError(undefined);
    setStatus(`Exporting ${pool.Name}…`);
    try {
      const text = await exportPool(pool.Id, (n) =>
        setStatus(`Exporting ${pool.Name}: ${n} users…`),
      );
      download(`${pool.Name}-${pool.Id}.jsonl`, text);
      setStatus(`Exported ${pool.Name}.`);
    } catch (err) {
      setStatus(undefined);
      setError(err);
    }
  }

  return (
    <>
      <div class="spread">
        <h1>Pools</h1>
        <div class="row">
          <button type="button" class="secondary" onClick={() => setImporting(true)}>
            Import pool
          </button>
          <button type="button" onClick={() => setCreating(true)}>
            Create pool
          </button>
        </div>
      </div>
      <Alert error={error ?? pools.error} />
      <Status text={status} />
      <div class="table-wrap panel">
        <table>
          <caption class="visually-hidden">User pools</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Pool ID</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pools.loading && !pools.data && (
              <tr>
                <td colSpan={4}>Loading…</td>
              </tr>
            )}
            {pools.data?.length === 0 && (
              <tr>
                <td colSpan={4}>No pools yet. Create one, or import a pool exported elsewhere.</td>
              </tr>
            )}
            {pools.data?.map((pool) => (
              <tr key={pool.Id}>
                <th scope="row">
                  <a href={poolHref(pool.Id, 'authentication')} onClick={() => selectPool(pool.Id)}>
                    {pool.Name}
                  </a>
                </th>
                <td>
                  <code>{pool.Id}</code>
                </td>
                <td>{date(pool.CreationDate)}</td>
                <td class="actions">
                  <div class="row" style={{ justifyContent: 'flex-end' }}>
                    <a
                      class="button secondary"
                      href={poolHref(pool.Id, 'setup')}
                      aria-label={`Local setup instructions for ${pool.Name}`}
                    >
                      Setup
                    </a>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Export ${pool.Name}`}
                      onClick={() => onExport(pool)}
                    >
                      Export
                    </button>
                    <button
                      type="button"
                      class="danger"
                      aria-label={`Delete ${pool.Name}`}
                      onClick={() => setDeleting(pool)}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreatePoolDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          selectPool(id);
          setCreating(false);
          setStatus(`Pool ${id} created.`);
          pools.reload();
        }}
      />
      <DeletePoolDialog
        pool={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={(pool) => {
          setDeleting(undefined);
          setStatus(`Pool ${pool.Name} deleted.`);
          pools.reload();
        }}
      />
      <ImportPoolDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={(msg) => {
          setImporting(false);
          setStatus(msg);
          pools.reload();
        }}
      />
    </>
  );
}

/** Deleting a pool asks for its name, typed: the users, clients and groups go with it. */
function DeletePoolDialog(p: {
  pool: PoolSummary | undefined;
  onClose: () => void;
  onDeleted: (pool: PoolSummary) => void;
}) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const pool = p.pool;
  const close = () => {
    setTyped('');
    setError(undefined);
    p.onClose();
  };
  async function remove(e: Event) {
    e.preventDefault();
    if (!pool || typed !== pool.Name) return;
    setBusy(true);
    try {
      await idp('DeleteUserPool', { UserPoolId: pool.Id });
      setTyped('');
      p.onDeleted(pool);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={!!pool} title={`Delete ${pool?.Name ?? ''}`} onClose={close}>
      <form onSubmit={remove}>
        <p>
          This deletes the pool <code>{pool?.Id}</code> with all its users, groups and app clients.
          It cannot be undone.
        </p>
        <TextField
          label={`Type ${pool?.Name ?? ''} to confirm`}
          value={typed}
          onValue={setTyped}
          autoComplete="off"
          spellcheck={false}
        />
        <Alert error={error} />
        <div class="buttons">
          <button type="button" class="secondary" onClick={close}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={busy || typed !== pool?.Name}>
            Delete pool
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Import: a file exported by this console or `cognate users export`, uploaded or pasted. */
function ImportPoolDialog(p: {
  open: boolean;
  onClose: () => void;
  onImported: (message: string) => void;
}) {
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const t = await importPool(text, (x) =>
        setProgress(`${x.imported} imported, ${x.skipped} skipped, ${x.failed} failed…`),
      );
      setText('');
      setProgress(undefined);
      p.onImported(
        `Pool ${t.userPoolId} ${t.poolCreated ? 'created' : 'updated'}: ${t.imported} users imported, ${t.skipped} skipped, ${t.failed} failed.`,
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={p.open} title="Import pool" onClose={() => !busy && p.onClose()}>
      <form onSubmit={run}>
        <p class="muted">
          A pool exported from another Cognate server (Export here, or{' '}
          <code>cognate users export</code>): it keeps its id, app clients, groups and users with
          their passwords.
        </p>
        <label class="field">
          <span>Export file</span>
          <input
            type="file"
            accept=".jsonl,.json,application/json"
            onChange={async (e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) setText(await file.text());
            }}
          />
        </label>
        <TextArea
          label="Or paste the file's content"
          value={text.length > 200_000 ? `${text.slice(0, 2000)}\n…` : text}
          onValue={setText}
          rows={6}
        />
        <p role="status" aria-live="polite" class="hint">
          {progress ?? ''}
        </p>
        <div class="alert" role="alert">
          {error ?? ''}
        </div>
        <div class="buttons">
          <button type="button" class="secondary" onClick={p.onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" disabled={busy || !text.trim()}>
            Import
          </button>
        </div>
      </form>
    </Modal>
  );
}
