// A user's groups: AdminListGroupsForUser, `Add to group` (AdminAddUserToGroup) from the pool's
// groups (ListGroups), and `Remove from group` (AdminRemoveUserFromGroup).
import { useEffect, useState } from 'preact/hooks';
import { idp } from '../api';
import { poolHref } from '../route';
import { StatusLine, useStatus } from './users-kit';

/** A Cognito GroupType as the console shows it. */
export interface Group {
  GroupName: string;
  Description?: string;
  Precedence?: number;
  RoleArn?: string;
  CreationDate?: number;
}

/** Every page of a groups listing (ListGroups or AdminListGroupsForUser), 60 at a time. */
export async function allGroups(operation: string, input: object): Promise<Group[]> {
  const out: Group[] = [];
  let token: string | undefined;
  do {
    const r = await idp(operation, { ...input, Limit: 60, NextToken: token });
    out.push(...(r.Groups ?? []));
    token = r.NextToken;
  } while (token);
  return out;
}

/** The groups panel of the user page. */
export function UserGroups(p: { poolId: string; username: string }) {
  const [groups, setGroups] = useState<Group[]>([]);
  const [poolGroups, setPoolGroups] = useState<Group[]>([]);
  const [choice, setChoice] = useState('');
  const [version, setVersion] = useState(0);
  const s = useStatus();
  const who = { UserPoolId: p.poolId, Username: p.username };

  useEffect(() => {
    s.load(async () => {
      const [mine, all] = await Promise.all([
        allGroups('AdminListGroupsForUser', who),
        allGroups('ListGroups', { UserPoolId: p.poolId }),
      ]);
      setGroups(mine);
      setPoolGroups(all);
    });
  }, [p.poolId, p.username, version]);

  const mine = new Set(groups.map((g) => g.GroupName));
  const others = poolGroups.filter((g) => !mine.has(g.GroupName));
  const selected = others.some((g) => g.GroupName === choice) ? choice : others[0]?.GroupName;

  async function change(operation: string, group: string, done: string) {
    const r = await s.run('Saving…', () => idp(operation, { ...who, GroupName: group }), done);
    if (r) setVersion(version + 1);
  }

  return (
    <section class="panel" aria-labelledby="user-groups">
      <h2 id="user-groups">Groups</h2>
      <StatusLine status={s.status} error={s.error} />
      {groups.length === 0 ? (
        <p class="muted">Not in any group.</p>
      ) : (
        <ul class="plain">
          {groups.map((g) => (
            <li key={g.GroupName} class="spread">
              <a href={poolHref(p.poolId, 'groups', g.GroupName)}>{g.GroupName}</a>
              <button
                type="button"
                class="secondary"
                aria-label={`Remove from group ${g.GroupName}`}
                onClick={() =>
                  change('AdminRemoveUserFromGroup', g.GroupName, `Removed from ${g.GroupName}.`)
                }
              >
                Remove from group
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 ? (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (selected) change('AdminAddUserToGroup', selected, `Added to ${selected}.`);
          }}
        >
          <label class="row">
            <span>Group</span>
            <select value={selected} onChange={(e) => setChoice(e.currentTarget.value)}>
              {others.map((g) => (
                <option key={g.GroupName} value={g.GroupName}>
                  {g.GroupName}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={s.busy}>
            Add to group
          </button>
        </form>
      ) : (
        <p class="hint">
          {poolGroups.length === 0 ? 'The pool has no groups yet: ' : 'In every group. '}
          <a href={poolHref(p.poolId, 'groups')}>manage groups</a>.
        </p>
      )}
    </section>
  );
}
