// One user: state and actions (confirm, disable and enable, reset password, sign out
// everywhere, delete), attributes view and edit, then groups, MFA, devices, linked providers
// and the sign-in history.
import { useEffect, useState } from 'preact/hooks';
import { errorText, idp } from '../api';
import { navigate, poolHref } from '../route';
import { AttributesPanel } from './users-attributes';
import { UserGroups } from './users-groups';
import { SignInHistory } from './users-history';
import { ConfirmDialog, fmtDate, StatusLine, type UserLike, useStatus } from './users-kit';
import { DevicesPanel, LinkedProviders, MfaPanel } from './users-security';

/** AdminGetUser's answer. */
export interface UserDetail extends UserLike {
  UserMFASettingList?: string[];
  PreferredMfaSetting?: string;
}

/** The page of user `username` in pool `poolId`. */
export function UserDetailPage(p: { poolId: string; username: string }) {
  const { poolId, username } = p;
  const [user, setUser] = useState<UserDetail>();
  const [version, setVersion] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const s = useStatus();
  const who = { UserPoolId: poolId, Username: username };
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    idp('AdminGetUser', who)
      .then(setUser)
      .catch((err) => s.setError(errorText(err)));
  }, [poolId, username, version]);

  async function act(working: string, operation: string, done: string) {
    const r = await s.run(working, () => idp(operation, who), done);
    if (r) reload();
  }

  async function remove() {
    setDeleting(false);
    const r = await s.run('Deleting the user…', () => idp('AdminDeleteUser', who));
    if (r) navigate(poolHref(poolId, 'users'));
  }

  return (
    <>
      <p>
        <a href={poolHref(poolId, 'users')}>← Users</a>
      </p>
      <h1>{username}</h1>
      <StatusLine status={s.status} error={s.error} />
      {user && (
        <>
          <section class="panel" aria-labelledby="user-state">
            <h2 id="user-state">Account</h2>
            <dl class="facts">
              <div>
                <dt>Status</dt>
                <dd>{user.UserStatus}</dd>
              </div>
              <div>
                <dt>Enabled</dt>
                <dd>{user.Enabled ? 'Enabled' : 'Disabled'}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>{fmtDate(user.UserCreateDate)}</dd>
              </div>
              <div>
                <dt>Modified</dt>
                <dd>{fmtDate(user.UserLastModifiedDate)}</dd>
              </div>
            </dl>
            <div class="row">
              {user.UserStatus === 'UNCONFIRMED' && (
                <button
                  type="button"
                  onClick={() => act('Confirming…', 'AdminConfirmSignUp', 'User confirmed.')}
                >
                  Confirm user
                </button>
              )}
              {user.Enabled ? (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => act('Disabling…', 'AdminDisableUser', 'User disabled.')}
                >
                  Disable user
                </button>
              ) : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => act('Enabling…', 'AdminEnableUser', 'User enabled.')}
                >
                  Enable user
                </button>
              )}
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  act(
                    'Resetting the password…',
                    'AdminResetUserPassword',
                    'Password reset: the user was sent a code to choose a new one.',
                  )
                }
              >
                Reset password
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  act(
                    'Signing out…',
                    'AdminUserGlobalSignOut',
                    'Signed out everywhere: the refresh tokens are revoked.',
                  )
                }
              >
                Sign out everywhere
              </button>
              <button type="button" class="danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </div>
          </section>
          <AttributesPanel poolId={poolId} user={user} onSaved={reload} />
          <UserGroups poolId={poolId} username={username} />
          <MfaPanel poolId={poolId} user={user} onSaved={reload} />
          <DevicesPanel poolId={poolId} username={username} />
          <LinkedProviders poolId={poolId} user={user} onSaved={reload} />
          <SignInHistory poolId={poolId} username={username} version={version} />
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete user"
          message={`Delete ${username}? The user, their sessions and devices are removed for good.`}
          confirm="Delete"
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </>
  );
}
