// The console's JavaScript budget: every .js file of the build, gzipped (level 9) as a server
// would send it, summed. Prints the total and exits 1 above the budget (2 when there is no build).
//
//   npm run build -w @cognate/console && node packages/console/scripts/size.mjs [--json]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budget, in bytes of gzipped JavaScript. */
export const BUDGET_GZIP_BYTES = 150 * 1024;

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Measures the built console: per-file and total bytes, raw and gzipped. */
export function measure() {
  if (!existsSync(dist)) return undefined;
  const js = files(dist).filter((f) => f.endsWith('.js'));
  const rows = js.map((f) => {
    const code = readFileSync(f);
    return {
      file: path.relative(dist, f),
      bytes: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
    };
  });
  const gzip = rows.reduce((n, r) => n + r.gzip, 0);
  const bytes = rows.reduce((n, r) => n + r.bytes, 0);
  return { rows, bytes, gzip, budget: BUDGET_GZIP_BYTES, ok: gzip <= BUDGET_GZIP_BYTES };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = measure();
  if (!report) {
    console.error('No console build: run `npm run build -w @cognate/console` first.');
    process.exit(2);
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const r of report.rows) console.log(`${r.file}: ${r.bytes} bytes, ${r.gzip} gzipped`);
    console.log(
      `Console JavaScript: ${report.gzip.toLocaleString('en-US')} bytes gzipped (budget ${report.budget.toLocaleString('en-US')}).`,
    );
    if (!report.ok) console.log('FAIL: over the budget.');
  }
  process.exitCode = report.ok ? 0 : 1;
}
