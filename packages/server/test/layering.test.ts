// The import graph of every workspace's src/: no loops among source files, and the server's
// layers point one way (protocols → services → store → model).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

const STATIC_IMPORT = /(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/**
 * Each source file and the project files it imports (type-only imports count too). With
 * `lazy: false` an `import()` is left out: a module loaded on first use (the client library's
 * rarely used methods) may call back into the modules that load it without a load-time loop.
 */
function graph(files: string[], opts: { lazy: boolean } = { lazy: true }): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const targets = [...code.matchAll(opts.lazy ? IMPORT : STATIC_IMPORT)].map((m) =>
      path.resolve(path.dirname(file), m[1] ?? m[2]),
    );
    edges.set(file, targets);
  }
  return edges;
}

/** Strongly connected components of more than one file (or a file importing itself). */
function loops(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges.get(v)?.includes(v)) found.push(scc);
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

const workspaces = readdirSync(packages).filter((p) => {
  try {
    return statSync(path.join(packages, p, 'src')).isDirectory();
  } catch {
    return false;
  }
});

for (const ws of workspaces) {
  test(`${ws}: no import loop among source files`, () => {
    const edges = graph(sources(path.join(packages, ws, 'src')), { lazy: false });
    const rel = (f: string) => path.relative(packages, f);
    assert.deepEqual(
      loops(edges).map((scc) => scc.map(rel).sort()),
      [],
    );
  });
}

test('server layers: protocols → services → store → model, never back', () => {
  const src = path.join(packages, 'server', 'src');
  const layer = (f: string) => path.relative(src, f).split(path.sep)[0];
  const allowed: Record<string, string[]> = {
    model: ['model'],
    store: ['model', 'store'],
    services: ['model', 'store', 'services'],
  };
  const wrong: string[] = [];
  for (const [file, targets] of graph(sources(src))) {
    const may = allowed[layer(file)];
    for (const t of targets) {
      if (may && t.startsWith(src) && !may.includes(layer(t))) {
        wrong.push(`${path.relative(src, file)} → ${path.relative(src, t)}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
