// The long fuzz run: the properties of test/hardening/fuzz.test.ts (no 5xx, no crash, no hang,
// known error codes, no table changed by a refused request) over many more cases, against a
// real server over HTTP, a fresh one every --cases-per-server cases.
//
//   node scripts/fuzz.mjs [--runs 100000] [--store sqlite|postgres] [--seed N]
//                         [--cases-per-server 5000] [--minutes M]
//
// Prints progress every 1,000 cases and, at the end, the cases, duration, answers by status,
// refusals by code and the slowest answer. Exits 1 on the first violation, with fast-check's
// report (seed, path and the shrunk request): replay it with the same --seed.
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    store: { type: 'string', default: 'sqlite' },
    seed: { type: 'string' },
    'cases-per-server': { type: 'string', default: '5000' },
    minutes: { type: 'string' },
  },
});
if (values.store !== 'sqlite' && values.store !== 'postgres') {
  console.error(`fuzz: --store must be sqlite or postgres, not ${values.store}`);
  process.exit(2);
}
// The test support reads the store when it loads.
process.env.COGNATE_TEST_STORE = values.store;
register();
const { runFuzz, formatStats } = await import('../test/hardening/fuzz-harness.ts');

const runs = Number(values.runs);
const seed = Number(values.seed ?? Date.now() % 2 ** 31);
const started = Date.now();
const elapsed = () => (Date.now() - started) / 1000;
console.log(`fuzz: ${runs} cases on ${values.store}, seed ${seed}`);
let next = 1000;
try {
  const stats = await runFuzz({
    runs,
    seed,
    casesPerServer: Number(values['cases-per-server']),
    timeLimitMs: values.minutes ? Number(values.minutes) * 60_000 : undefined,
    onCase(s) {
      if (s.cases < next) return;
      next += 1000;
      const fives = [...s.byStatus].filter(([k]) => k >= 500).reduce((n, [, v]) => n + v, 0);
      console.log(`  ${s.cases} cases, ${elapsed().toFixed(0)} s, 5xx ${fives}`);
    },
  });
  console.log(`\nfuzz on ${values.store}, seed ${seed}\n${formatStats(stats, elapsed())}`);
} catch (err) {
  console.error(
    `\nfuzz: a property failed after ${elapsed().toFixed(0)} s (seed ${seed}):\n${err.message}`,
  );
  process.exit(1);
}
