// Compiles one workspace (run from its folder) into dist/, so its bins run on plain node,
// without tsx. Runs from `npm ci` (the root `prepare`) and `npm pack` (`prepack`).
//
//   node ../../scripts/build-package.mjs                 (npm run build -w @cognate/cli)
//   node ../../scripts/build-package.mjs --bundle src/main.ts src/cli/credentials-file.ts
//
// Without --bundle: tsc (tsconfig.build.json) writes JavaScript and, where it asks for them,
// declarations, one file per source; the sources' `./x.ts` imports become `./x.js`.
//
// With --bundle: tsc checks the types and writes the declarations only, and esbuild writes the
// JavaScript as one file per entry (same path under dist/ as under src/) plus shared chunks, the
// dependencies left as imports of node_modules. A process then loads a few large modules rather
// than a couple of hundred small ones, which starts faster and holds less memory; a dynamic
// import() in the sources stays a separate chunk, loaded on first use.
//
// Either way the runtime files tsc does not emit, the *.mjs modules under src/ (the server's
// crypto thread entry), are copied: to the same place in the tree, or, bundled, to dist/ itself
// beside the chunks, since they are loaded by URLs relative to the module that names them. The
// build fails if such a URL names a file that is not there.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const args = process.argv.slice(2);
const bundle = args[0] === '--bundle' ? args.slice(1) : undefined;
if (bundle?.length === 0) throw new Error('--bundle needs the entry points');

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

// A clean tree: files of since-moved sources must not linger in dist/ (or in a tarball).
rmSync(dist, { recursive: true, force: true });

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [tsc, '-p', path.join(root, 'tsconfig.build.json'), ...(bundle ? ['--emitDeclarationOnly'] : [])],
  { stdio: 'inherit' },
);

if (bundle) {
  const { build } = await import(pathToFileURL(require.resolve('esbuild', { paths: [root] })).href);
  await build({
    entryPoints: bundle.map((entry) => path.join(root, entry)),
    outbase: src,
    outdir: dist,
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Class and function names as written: logs and stack traces name them (pino's `type`).
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

const copied = new Map();
for (const file of filesUnder(src, '.mjs')) {
  const target = bundle
    ? path.join(dist, path.basename(file))
    : path.join(dist, path.relative(src, file));
  if (copied.has(target)) throw new Error(`${file} and ${copied.get(target)} both go to ${target}`);
  copied.set(target, file);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
}

// `new URL('./x.mjs', import.meta.url)`: the file must sit where the emitted module looks.
for (const file of filesUnder(dist, '.js')) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(
    /new URL\(\s*["'](\.{1,2}\/[^"']+)["'],\s*import\.meta\.url\s*\)/g,
  )) {
    if (!existsSync(path.join(path.dirname(file), m[1]))) {
      throw new Error(`${path.relative(root, file)} loads ${m[1]}, which the build did not write`);
    }
  }
}
console.log(`built ${path.basename(root)}/dist${bundle ? ' (bundled)' : ''}`);
