// Compiles one workspace (run from its folder) into dist/: JavaScript, and declarations where
// its tsconfig.build.json asks for them (tsc; the sources' `./x.ts` imports become `./x.js`),
// plus the runtime files tsc does not emit: the *.mjs modules under src/ (the server's crypto
// thread entry, say, which is loaded by a URL relative to its importer, so it keeps its place in
// the tree). Runs from `npm ci` (the root `prepare`) and `npm pack` (`prepack`), so the
// packages' bins run on plain node, without tsx.
//
//   node ../../scripts/build-package.mjs        (npm run build -w @cognate/server)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
// A clean tree: files of since-moved sources must not linger in dist/ (or in a tarball).
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

function copyRuntimeFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) copyRuntimeFiles(full);
    else if (entry.name.endsWith('.mjs')) {
      const target = path.join(dist, path.relative(src, full));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(full, target);
    }
  }
}
copyRuntimeFiles(src);
console.log(`built ${path.basename(root)}/dist`);
