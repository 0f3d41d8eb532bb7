// The Groups page: the pool's groups (ListGroups), create (CreateGroup with description,
// precedence and role ARN) and delete; one group's members (ListUsersInGroup), added with
// AdminAddUserToGroup and removed with AdminRemoveUserFromGroup.
import { useEffect, useState } from 'preact/hooks';
import { idp } from '../api';
import { navigate, poolHref } from '../route';
import { allGroups, type Group } from './users-groups';
import { ConfirmDialog, fmtDate, Modal, StatusLine, type UserLike, useStatus } from './users-kit';

/** The Groups page of pool `poolId`, or one group's page when `groupName` is given. */
export function GroupsPage(p: { poolId: string; groupName?: string }) {
  return p.groupName ? (
    <GroupMembers poolId={p.poolId} groupName={p.groupName} />
  ) : (
    <GroupList poolId={p.poolId} />
  );
}

function GroupList(p: { poolId: string }) {
  const [groups, setGroups] = useState<Group[]>();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const [version, setVersion] = useState(0);
  const s = useStatus();

  useEffect(() => {
    s.load(async () => {
      setGroups(await allGroups('ListGroups', { UserPoolId: p.poolId }));
    });
  }, [p.poolId, version]);

  async function remove(name: string) {
    setDeleting(undefined);
    const r = await s.run(
      'Deleting the group…',
      () => idp('DeleteGroup', { UserPoolId: p.poolId, GroupName: name }),
      `Group ${name} deleted.`,
    );
    if (r) setVersion(version + 1);
  }

  return (
    <>
      <div class="spread">
        <h1>
          Groups <span class="muted">{p.poolId}</span>
        </h1>
        <button type="button" onClick={() => setCreating(true)}>
          Create group
        </button>
      </div>
      <StatusLine status={s.status} error={s.error} />
      {groups && groups.length === 0 && <p class="muted">No groups yet.</p>}
      {groups && groups.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Groups of {p.poolId}</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Description</th>
                <th scope="col">Precedence</th>
                <th scope="col">Role ARN</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.GroupName}>
                  <th scope="row">
                    <a href={poolHref(p.poolId, 'groups', g.GroupName)}>{g.GroupName}</a>
                  </th>
                  <td>{g.Description}</td>
                  <td>{g.Precedence}</td>
                  <td class="wrap">
                    <code>{g.RoleArn}</code>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Delete group ${g.GroupName}`}
                      onClick={() => setDeleting(g.GroupName)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreateGroupDialog
          poolId={p.poolId}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            s.setStatus(`Group ${name} created.`);
            setVersion(version + 1);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete group"
          message={`Delete the group ${deleting}? Its members stay in the pool.`}
          confirm="Delete"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </>
  );
}

function CreateGroupDialog(p: {
  poolId: string;
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [precedence, setPrecedence] = useState('');
  const [roleArn, setRoleArn] = useState('');
  const s = useStatus();

  async function create(e: Event) {
    e.preventDefault();
    const r = await s.run('Creating the group…', () =>
      idp('CreateGroup', {
        UserPoolId: p.poolId,
        GroupName: name,
        Description: description || undefined,
        Precedence: precedence === '' ? undefined : Number(precedence),
        RoleArn: roleArn || undefined,
      }),
    );
    if (r) p.onCreated(name);
  }

  return (
    <Modal title="Create group" onClose={p.onClose}>
      <form onSubmit={create}>
        <label class="field">
          <span>Group name</span>
          <input
            type="text"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Description</span>
          <input
            type="text"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        <div class="grid">
          <label class="field">
            <span>Precedence</span>
            <input
              type="number"
              min={0}
              value={precedence}
              onInput={(e) => setPrecedence(e.currentTarget.value)}
            />
            <span class="hint">Lower wins when a user's groups have roles.</span>
          </label>
          <label class="field">
            <span>Role ARN</span>
            <input
              type="text"
              placeholder="arn:aws:iam::123456789012:role/Admins"
              value={roleArn}
              onInput={(e) => setRoleArn(e.currentTarget.value)}
            />
          </label>
        </div>
        <StatusLine status={s.status} error={s.error} />
        <div class="buttons">
          <button type="button" class="secondary" onClick={p.onClose}>
            Cancel
          </button>
          <button type="submit" disabled={s.busy}>
            Create group
          </button>
        </div>
      </form>
    </Modal>
  );
}

function GroupMembers(p: { poolId: string; groupName: string }) {
  const [group, setGroup] = useState<Group>();
  const [members, setMembers] = useState<UserLike[]>([]);
  const [username, setUsername] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [version, setVersion] = useState(0);
  const s = useStatus();
  const at = { UserPoolId: p.poolId, GroupName: p.groupName };

  useEffect(() => {
    s.load(async () => {
      const g = await idp('GetGroup', at);
      setGroup(g.Group);
      const out: UserLike[] = [];
      let token: string | undefined;
      do {
        const r = await idp('ListUsersInGroup', { ...at, Limit: 60, NextToken: token });
        out.push(...(r.Users ?? []));
        token = r.NextToken;
      } while (token);
      setMembers(out);
    });
  }, [p.poolId, p.groupName, version]);

  async function change(operation: string, user: string, done: string) {
    const r = await s.run('Saving…', () => idp(operation, { ...at, Username: user }), done);
    if (r) setVersion(version + 1);
    return r;
  }

  async function remove() {
    setDeleting(false);
    const r = await s.run('Deleting the group…', () => idp('DeleteGroup', at));
    if (r) navigate(poolHref(p.poolId, 'groups'));
  }

  return (
    <>
      <p>
        <a href={poolHref(p.poolId, 'groups')}>← Groups</a>
      </p>
      <div class="spread">
        <h1>{p.groupName}</h1>
        <button type="button" class="danger" onClick={() => setDeleting(true)}>
          Delete
        </button>
      </div>
      {group && (
        <dl class="facts panel">
          <div>
            <dt>Description</dt>
            <dd>{group.Description || '—'}</dd>
          </div>
          <div>
            <dt>Precedence</dt>
            <dd>{group.Precedence ?? '—'}</dd>
          </div>
          <div>
            <dt>Role ARN</dt>
            <dd class="wrap">{group.RoleArn ? <code>{group.RoleArn}</code> : '—'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{fmtDate(group.CreationDate)}</dd>
          </div>
        </dl>
      )}
      <section class="panel" aria-labelledby="members">
        <h2 id="members">Members</h2>
        <form
          class="row"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await change('AdminAddUserToGroup', username, `${username} added.`);
            if (r) setUsername('');
          }}
        >
          <label class="row grow">
            <span>Username</span>
            <input
              type="text"
              required
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={s.busy}>
            Add to group
          </button>
        </form>
        <StatusLine status={s.status} error={s.error} />
        {members.length === 0 ? (
          <p class="muted">No members.</p>
        ) : (
          <ul class="plain">
            {members.map((u) => (
              <li key={u.Username} class="spread">
                <a href={poolHref(p.poolId, 'users', u.Username)}>{u.Username}</a>
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Remove from group: ${u.Username}`}
                  onClick={() =>
                    change('AdminRemoveUserFromGroup', u.Username, `${u.Username} removed.`)
                  }
                >
                  Remove from group
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {deleting && (
        <ConfirmDialog
          title="Delete group"
          message={`Delete the group ${p.groupName}? Its members stay in the pool.`}
          confirm="Delete"
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </>
  );
}
