// Local setup instructions: the `cognate pull` command that writes this pool's configuration
// into an app folder, the Amplify.configure snippet and aws-exports.js, each with a copy button.
import { useState } from 'preact/hooks';
import { api, idp } from '../api';
import { Alert, CopyButton, Select, useLoad } from '../components/ui';
import { poolHref } from '../route';

interface Setup {
  pullCommand: string;
  amplifyConfigure: string;
  awsExports: string;
}

/** The setup page of one pool (and one of its app clients). */
export function SetupPage(p: { poolId: string }) {
  const clients = useLoad(
    () =>
      idp<{ UserPoolClients: { ClientId: string; ClientName: string }[] }>('ListUserPoolClients', {
        UserPoolId: p.poolId,
        MaxResults: 60,
      }).then((r) => r.UserPoolClients),
    [p.poolId],
  );
  const [clientId, setClientId] = useState('');
  const chosen = clientId || clients.data?.[0]?.ClientId || '';
  const setup = useLoad(
    () =>
      clients.data
        ? api<Setup>(
            'GET',
            `setup?userPoolId=${encodeURIComponent(p.poolId)}${chosen ? `&clientId=${encodeURIComponent(chosen)}` : ''}`,
          )
        : Promise.resolve(undefined),
    [p.poolId, chosen, clients.data],
  );
  const s = setup.data;

  return (
    <>
      <div class="spread">
        <h1>Local setup instructions</h1>
        <a class="button secondary" href={poolHref(p.poolId, 'authentication')}>
          Back to Authentication
        </a>
      </div>
      <p class="muted">
        Pool <code>{p.poolId}</code>. Run the command in your app's folder: it writes{' '}
        <code>aws-exports.js</code> (and <code>amplifyconfiguration.json</code>) for this pool, so
        the app's <code>Amplify.configure</code> talks to this server.
      </p>
      <Alert error={clients.error ?? setup.error} />
      {(clients.data?.length ?? 0) > 1 && (
        <Select
          label="App client"
          value={chosen}
          options={(clients.data ?? []).map((c) => [c.ClientId, `${c.ClientName} (${c.ClientId})`])}
          onValue={setClientId}
        />
      )}
      {!s && setup.loading && <p role="status">Loading…</p>}
      {s && (
        <>
          <section class="panel" aria-labelledby="setup-pull">
            <div class="spread">
              <h2 id="setup-pull">Pull the configuration</h2>
              <CopyButton text={s.pullCommand} what="command" />
            </div>
            <pre>
              <code data-testid="pull-command">{s.pullCommand}</code>
            </pre>
          </section>
          <section class="panel" aria-labelledby="setup-configure">
            <div class="spread">
              <h2 id="setup-configure">Amplify.configure</h2>
              <CopyButton text={s.amplifyConfigure} what="snippet" />
            </div>
            <pre>
              <code>{s.amplifyConfigure}</code>
            </pre>
          </section>
          <section class="panel" aria-labelledby="setup-exports">
            <div class="spread">
              <h2 id="setup-exports">aws-exports.js</h2>
              <CopyButton text={s.awsExports} what="aws-exports.js" />
            </div>
            <pre>
              <code>{s.awsExports}</code>
            </pre>
          </section>
        </>
      )}
    </>
  );
}
