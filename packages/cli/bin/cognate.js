#!/usr/bin/env node
// The `cognate` command: the CLI compiled into dist/ (built by `npm ci` in a checkout, by
// `npm pack` for the package), on plain node.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
// A checkout whose build was skipped or removed: say how to make one, not just "not found".
if (!existsSync(main)) {
  process.stderr.write('cognate: no build in dist/; run `npm run build` first\n');
  process.exit(1);
}
await import(main.href);
