// The Create user dialog: an invitation with a temporary password (AdminCreateUser, its message
// sent or suppressed), or a user with a permanent password (AdminCreateUser without a message,
// then AdminSetUserPassword).
import { useState } from 'preact/hooks';
import { idp } from '../api';
import { Modal, StatusLine, useStatus } from './users-kit';

/** The dialog; `customAttrs` are the pool's `custom:` attributes, each given a field. */
export function CreateUserDialog(p: {
  poolId: string;
  // biome-ignore lint/suspicious/noExplicitAny: DescribeUserPool's UserPoolType.
  pool: any;
  customAttrs: string[];
  onClose: () => void;
  onCreated: (username: string) => void;
}) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [emailVerified, setEmailVerified] = useState(true);
  const [phone, setPhone] = useState('');
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<'invite' | 'password'>('invite');
  const [password, setPassword] = useState('');
  const [send, setSend] = useState(true);
  const s = useStatus();
  const usernameAttrs: string[] = p.pool?.UsernameAttributes ?? [];

  async function create(e: Event) {
    e.preventDefault();
    const attrs = [
      email && { Name: 'email', Value: email },
      email && { Name: 'email_verified', Value: String(emailVerified) },
      phone && { Name: 'phone_number', Value: phone },
      ...Object.entries(custom)
        .filter(([, v]) => v !== '')
        .map(([Name, Value]) => ({ Name, Value })),
    ].filter(Boolean);
    const invite = mode === 'invite';
    const mediums = [email && 'EMAIL', phone && 'SMS'].filter(Boolean);
    const ok = await s.run('Creating the user…', async () => {
      const r = await idp('AdminCreateUser', {
        UserPoolId: p.poolId,
        Username: username,
        UserAttributes: attrs,
        TemporaryPassword: invite && password ? password : undefined,
        MessageAction: invite && send ? undefined : 'SUPPRESS',
        DesiredDeliveryMediums: invite && send && mediums.length ? mediums : undefined,
      });
      const name: string = r.User?.Username ?? username;
      if (!invite) {
        await idp('AdminSetUserPassword', {
          UserPoolId: p.poolId,
          Username: name,
          Password: password,
          Permanent: true,
        });
      }
      return name;
    });
    if (ok) p.onCreated(ok);
  }

  return (
    <Modal title="Create user" onClose={p.onClose}>
      <form onSubmit={create}>
        <label class="field">
          <span>Username</span>
          <input
            required
            autoComplete="off"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
          {usernameAttrs.length > 0 && (
            <span class="hint">This pool signs in with {usernameAttrs.join(' or ')}.</span>
          )}
        </label>
        <div class="grid">
          <label class="field">
            <span>Email</span>
            <input
              type="text"
              inputMode="email"
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>Phone number</span>
            <input
              type="text"
              inputMode="tel"
              placeholder="+15555550100"
              value={phone}
              onInput={(e) => setPhone(e.currentTarget.value)}
            />
          </label>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={emailVerified}
            onChange={(e) => setEmailVerified(e.currentTarget.checked)}
          />
          Mark the email as verified
        </label>
        {p.customAttrs.length > 0 && (
          <fieldset>
            <legend>Custom attributes</legend>
            <div class="grid">
              {p.customAttrs.map((a) => (
                <label class="field" key={a}>
                  <span>{a}</span>
                  <input
                    value={custom[a] ?? ''}
                    onInput={(e) => setCustom({ ...custom, [a]: e.currentTarget.value })}
                  />
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <fieldset>
          <legend>Password</legend>
          <label class="check">
            <input
              type="radio"
              name="pw-mode"
              checked={mode === 'invite'}
              onChange={() => setMode('invite')}
            />
            Invite with a temporary password
          </label>
          <label class="check">
            <input
              type="radio"
              name="pw-mode"
              checked={mode === 'password'}
              onChange={() => setMode('password')}
            />
            Set a permanent password
          </label>
          <label class="field">
            <span>{mode === 'invite' ? 'Temporary password (optional)' : 'Password'}</span>
            <input
              type="password"
              autoComplete="new-password"
              required={mode === 'password'}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            {mode === 'invite' && (
              <span class="hint">Left empty, the server makes one and sends it.</span>
            )}
          </label>
          {mode === 'invite' && (
            <label class="check">
              <input
                type="checkbox"
                checked={send}
                onChange={(e) => setSend(e.currentTarget.checked)}
              />
              Send the invitation message
            </label>
          )}
        </fieldset>
        <StatusLine status={s.status} error={s.error} />
        <div class="buttons">
          <button type="button" class="secondary" onClick={p.onClose}>
            Cancel
          </button>
          <button type="submit" disabled={s.busy}>
            Create user
          </button>
        </div>
      </form>
    </Modal>
  );
}
