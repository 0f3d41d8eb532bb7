// `npm run bench` at the root: the server's benchmark (packages/server/bench, every argument
// passed to it), then @cognate/sigv4's verifier checks per second, then @cognate/auth's CPU per
// client SRP sign-in next to amazon-cognito-identity-js, unless `--phases` names a list without
// `verifier` / `client-srp`. `--quick` shortens all three.
//
//   node scripts/bench.mjs [--quick] [--phases startup,USER_SRP_AUTH,…,verifier,client-srp] [server flags…]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const phasesAt = args.findIndex((a) => a === '--phases' || a.startsWith('--phases='));
let verifier = true;
let clientSrp = true;
const OWN_PHASES = ['verifier', 'client-srp'];
if (phasesAt >= 0) {
  const value = args[phasesAt].includes('=') ? args[phasesAt].split('=')[1] : args[phasesAt + 1];
  const list = (value ?? '').split(',').filter(Boolean);
  verifier = list.includes('verifier');
  clientSrp = list.includes('client-srp');
  const rest = list.filter((p) => !OWN_PHASES.includes(p));
  // The server's bench knows its own phases only; with nothing left for it, it is not run.
  if (args[phasesAt].includes('=')) args.splice(phasesAt, 1, `--phases=${rest.join(',')}`);
  else args.splice(phasesAt, 2, '--phases', rest.join(','));
  if (rest.length === 0) args.splice(args.indexOf('--phases'), 2);
}
const serverWanted =
  phasesAt < 0 || args.includes('--phases') || args.some((a) => a.startsWith('--phases='));
const npm = process.env.npm_execpath;
const run = (workspace, rest) => {
  const [command, prefix] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const child = spawnSync(command, [...prefix, 'run', 'bench', '-w', workspace, '--', ...rest], {
    cwd: root,
    stdio: 'inherit',
  });
  return child.status ?? 1;
};
let status = 0;
if (serverWanted) status = run('@cognate/server', args);
if (status === 0 && verifier) {
  status = run('@cognate/sigv4', args.includes('--quick') ? ['--seconds', '1'] : []);
}
if (status === 0 && clientSrp) {
  status = run('@cognate/auth', args.includes('--quick') ? ['--quick'] : []);
}
process.exit(status);
