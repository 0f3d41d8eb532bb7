// A user's second factors (AdminSetUserMFAPreference), remembered devices (AdminListDevices,
// AdminForgetDevice) and linked social or OIDC identities (AdminDisableProviderForUser).
import { useEffect, useState } from 'preact/hooks';
import { idp } from '../api';
import type { UserDetail } from './user-detail';
import { attr, fmtDate, StatusLine, useStatus } from './users-kit';

const FACTORS = [
  { id: 'SMS_MFA', member: 'SMSMfaSettings', label: 'SMS' },
  { id: 'SOFTWARE_TOKEN_MFA', member: 'SoftwareTokenMfaSettings', label: 'Authenticator app' },
  { id: 'EMAIL_OTP', member: 'EmailMfaSettings', label: 'Email' },
];

/** MFA: which factors are on and which one is preferred. */
export function MfaPanel(p: { poolId: string; user: UserDetail; onSaved: () => void }) {
  const on = p.user.UserMFASettingList ?? [];
  const [enabled, setEnabled] = useState<Set<string>>(new Set(on));
  const [preferred, setPreferred] = useState(p.user.PreferredMfaSetting ?? '');
  const s = useStatus();
  useEffect(() => {
    setEnabled(new Set(p.user.UserMFASettingList ?? []));
    setPreferred(p.user.PreferredMfaSetting ?? '');
  }, [p.user]);

  async function save(e: Event) {
    e.preventDefault();
    // Only what changed: a factor left out keeps its state, and one the pool or the user cannot
    // use is then never sent.
    const input: Record<string, unknown> = { UserPoolId: p.poolId, Username: p.user.Username };
    for (const f of FACTORS) {
      const wasOn = on.includes(f.id);
      const wasPreferred = p.user.PreferredMfaSetting === f.id;
      const isOn = enabled.has(f.id);
      const isPreferred = preferred === f.id && isOn;
      if (wasOn !== isOn || wasPreferred !== isPreferred) {
        input[f.member] = { Enabled: isOn, PreferredMfa: isPreferred };
      }
    }
    const r = await s.run(
      'Saving MFA settings…',
      () => idp('AdminSetUserMFAPreference', input),
      'MFA settings saved.',
    );
    if (r) p.onSaved();
  }

  return (
    <section class="panel" aria-labelledby="user-mfa">
      <h2 id="user-mfa">MFA</h2>
      <form onSubmit={save}>
        <fieldset>
          <legend>Factors turned on</legend>
          <div class="checks">
            {FACTORS.map((f) => (
              <label class="check" key={f.id}>
                <input
                  type="checkbox"
                  checked={enabled.has(f.id)}
                  onChange={(e) => {
                    const next = new Set(enabled);
                    if (e.currentTarget.checked) next.add(f.id);
                    else next.delete(f.id);
                    setEnabled(next);
                  }}
                />
                {f.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="row">
          <label class="row">
            <span>Preferred factor</span>
            <select value={preferred} onChange={(e) => setPreferred(e.currentTarget.value)}>
              <option value="">None</option>
              {FACTORS.filter((f) => enabled.has(f.id)).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={s.busy}>
            Save MFA settings
          </button>
        </div>
        <p class="hint">
          An authenticator app can only be turned on once the user has verified one.
        </p>
      </form>
      <StatusLine status={s.status} error={s.error} />
    </section>
  );
}

interface Device {
  DeviceKey: string;
  DeviceAttributes?: { Name: string; Value?: string }[];
  DeviceCreateDate?: number;
  DeviceLastAuthenticatedDate?: number;
}

const deviceAttr = (d: Device, name: string) =>
  d.DeviceAttributes?.find((a) => a.Name === name)?.Value;

/** Remembered devices, each with `Forget device`. */
export function DevicesPanel(p: { poolId: string; username: string }) {
  const [devices, setDevices] = useState<Device[]>([]);
  const [version, setVersion] = useState(0);
  const s = useStatus();
  const who = { UserPoolId: p.poolId, Username: p.username };

  useEffect(() => {
    s.load(async () => {
      const out: Device[] = [];
      let token: string | undefined;
      do {
        const r = await idp('AdminListDevices', { ...who, Limit: 60, PaginationToken: token });
        out.push(...(r.Devices ?? []));
        token = r.PaginationToken;
      } while (token);
      setDevices(out);
    });
  }, [p.poolId, p.username, version]);

  async function forget(key: string) {
    const r = await s.run(
      'Forgetting the device…',
      () => idp('AdminForgetDevice', { ...who, DeviceKey: key }),
      'Device forgotten.',
    );
    if (r) setVersion(version + 1);
  }

  return (
    <section class="panel" aria-labelledby="user-devices">
      <h2 id="user-devices">Devices</h2>
      <StatusLine status={s.status} error={s.error} />
      {devices.length === 0 ? (
        <p class="muted">No devices.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Remembered</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.DeviceKey}>
                  <th scope="row">
                    {deviceAttr(d, 'device_name') ?? 'Unnamed'}
                    <br />
                    <code class="muted">{d.DeviceKey}</code>
                  </th>
                  <td>{deviceAttr(d, 'dev:device_remembered_status')}</td>
                  <td>{fmtDate(d.DeviceLastAuthenticatedDate ?? d.DeviceCreateDate)}</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Forget device ${deviceAttr(d, 'device_name') ?? d.DeviceKey}`}
                      onClick={() => forget(d.DeviceKey)}
                    >
                      Forget
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface Identity {
  userId: string;
  providerName: string;
  providerType: string;
  dateCreated?: number;
}

/** External identities linked to the user (its `identities` attribute), each with `Unlink`. */
export function LinkedProviders(p: { poolId: string; user: UserDetail; onSaved: () => void }) {
  const s = useStatus();
  let identities: Identity[] = [];
  try {
    identities = JSON.parse(attr(p.user, 'identities') ?? '[]');
  } catch {
    identities = [];
  }

  async function unlink(i: Identity) {
    const r = await s.run(
      'Unlinking…',
      () =>
        idp('AdminDisableProviderForUser', {
          UserPoolId: p.poolId,
          User: {
            ProviderName: i.providerName,
            ProviderAttributeName: 'Cognito_Subject',
            ProviderAttributeValue: i.userId,
          },
        }),
      `${i.providerName} unlinked.`,
    );
    if (r) p.onSaved();
  }

  return (
    <section class="panel" aria-labelledby="user-providers">
      <h2 id="user-providers">Linked providers</h2>
      <StatusLine status={s.status} error={s.error} />
      {identities.length === 0 ? (
        <p class="muted">No linked social or OIDC identities.</p>
      ) : (
        <ul class="plain">
          {identities.map((i) => (
            <li key={`${i.providerName}:${i.userId}`} class="spread">
              <span>
                {i.providerName} <code class="muted">{i.userId}</code>
              </span>
              <button
                type="button"
                class="secondary"
                aria-label={`Unlink ${i.providerName} identity ${i.userId}`}
                onClick={() => unlink(i)}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
