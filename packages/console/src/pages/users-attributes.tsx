// A user's attributes: a table, and an edit form that sends what changed with
// AdminUpdateUserAttributes and what was removed with AdminDeleteUserAttributes.
import { useState } from 'preact/hooks';
import { idp } from '../api';
import { StatusLine, type UserLike, useStatus } from './users-kit';

// Set by the server, never by an admin: sub always, identities through provider links.
const READ_ONLY = new Set(['sub', 'identities']);

/** The attributes panel of the user page. */
export function AttributesPanel(p: { poolId: string; user: UserLike; onSaved: () => void }) {
  const attrs = p.user.UserAttributes ?? [];
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [newName, setNewName] = useState('');
  const [newValue, setNewValue] = useState('');
  const s = useStatus();

  function startEditing() {
    setValues(Object.fromEntries(attrs.map((a) => [a.Name, a.Value ?? ''])));
    setRemoved(new Set());
    setNewName('');
    setNewValue('');
    setEditing(true);
  }

  async function save(e: Event) {
    e.preventDefault();
    const before = Object.fromEntries(attrs.map((a) => [a.Name, a.Value ?? '']));
    const updates = Object.entries(values)
      .filter(([n, v]) => !READ_ONLY.has(n) && !removed.has(n) && v !== before[n])
      .map(([Name, Value]) => ({ Name, Value }));
    if (newName.trim()) updates.push({ Name: newName.trim(), Value: newValue });
    const deletes = [...removed];
    const ok = await s.run(
      'Saving attributes…',
      async () => {
        const who = { UserPoolId: p.poolId, Username: p.user.Username };
        if (updates.length)
          await idp('AdminUpdateUserAttributes', { ...who, UserAttributes: updates });
        if (deletes.length)
          await idp('AdminDeleteUserAttributes', { ...who, UserAttributeNames: deletes });
        return true;
      },
      `Attributes saved (${updates.length} changed, ${deletes.length} removed).`,
    );
    if (ok) {
      setEditing(false);
      p.onSaved();
    }
  }

  return (
    <section class="panel" aria-labelledby="user-attrs">
      <div class="spread">
        <h2 id="user-attrs">Attributes</h2>
        {!editing && (
          <button type="button" class="secondary" onClick={startEditing}>
            Edit attributes
          </button>
        )}
      </div>
      <StatusLine status={s.status} error={s.error} />
      {!editing ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Attribute</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {attrs.map((a) => (
                <tr key={a.Name}>
                  <th scope="row">
                    <code>{a.Name}</code>
                  </th>
                  <td class="wrap">{a.Value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <form onSubmit={save}>
          {attrs.map((a) => (
            <div class="row attr-row" key={a.Name}>
              <label class="field">
                <span>
                  <code>{a.Name}</code>
                </span>
                <input
                  type="text"
                  value={values[a.Name] ?? ''}
                  readOnly={READ_ONLY.has(a.Name)}
                  disabled={removed.has(a.Name)}
                  onInput={(e) => setValues({ ...values, [a.Name]: e.currentTarget.value })}
                />
              </label>
              {!READ_ONLY.has(a.Name) && (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={removed.has(a.Name)}
                    onChange={(e) => {
                      const next = new Set(removed);
                      if (e.currentTarget.checked) next.add(a.Name);
                      else next.delete(a.Name);
                      setRemoved(next);
                    }}
                  />
                  Remove {a.Name}
                </label>
              )}
            </div>
          ))}
          <fieldset>
            <legend>Add an attribute</legend>
            <div class="grid">
              <label class="field">
                <span>New attribute name</span>
                <input
                  type="text"
                  placeholder="custom:team"
                  value={newName}
                  onInput={(e) => setNewName(e.currentTarget.value)}
                />
              </label>
              <label class="field">
                <span>New attribute value</span>
                <input
                  type="text"
                  value={newValue}
                  onInput={(e) => setNewValue(e.currentTarget.value)}
                />
              </label>
            </div>
          </fieldset>
          <div class="row">
            <button type="submit" disabled={s.busy}>
              Save attributes
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
