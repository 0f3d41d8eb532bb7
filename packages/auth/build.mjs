// Builds the publishable package: dist/index.js (ESM for browsers, Node 20+ and React Native;
// esbuild, not minified so apps' bundlers tree-shake and minify it) with the rarely used code in
// dist/chunks/, which dist/index.js loads with import() on first use, and dist/**/*.d.ts
// (tsc --emitDeclarationOnly, without Node's types so src/ cannot lean on them).
//
//   npm run build -w @cognate/auth
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: [path.join(here, 'src/index.ts')],
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

// src/ imports its modules as `./x.ts` (run directly by tsx and Vite); published declarations
// must name the emitted `./x.js`.
function fix(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) fix(full);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(full, 'utf8');
      writeFileSync(full, text.replace(/(from\s+['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'));
    }
  }
}
fix(dist);
console.log(`built ${path.relative(process.cwd(), dist)}`);
