// Property-based fuzz of every operation of every API the server speaks (issue 18): the Cognito
// Identity Provider and Cognito Identity operations, the Query actions (STS, IAM), the OAuth
// endpoints and hosted pages, the console API's way in, and raw bodies that are not JSON at all.
// Real HTTP to a real server on the store under test. For each request: no 5xx, the server still
// answers /health, an answer within the time bound, a 4xx in the API's error shape with a code the
// server defines, and no change to any table when the request was refused.
//
// COGNATE_FUZZ_RUNS (default 400) and COGNATE_FUZZ_SECONDS (default 45, for both tests together) bound it for CI;
// COGNATE_FUZZ_SEED replays a failure (fast-check prints the seed and path). The long run is
// scripts/fuzz.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { FuzzSession, FuzzTarget, formatStats, runFuzz } from './fuzz-harness.ts';
import { catalogue } from './fuzz-requests.ts';

const runs = Number(process.env.COGNATE_FUZZ_RUNS ?? 400);
const seconds = Number(process.env.COGNATE_FUZZ_SECONDS ?? 45);
const started = Date.now();
const seed = Number(process.env.COGNATE_FUZZ_SEED ?? Date.now() % 2 ** 31);

let target: FuzzTarget;
before(async () => {
  target = await FuzzTarget.start();
});
after(async () => {
  await target?.close();
});

test('the digest sees a write to any table, and a refused request leaves it as it was', async () => {
  const before = await target.digest();
  await target.call('cognito-idp', 'CreateGroup', {
    UserPoolId: target.fixture.poolId,
    GroupName: `digest-${seed}`,
  });
  const afterWrite = await target.digest();
  assert.notEqual(afterWrite.get('groups'), before.get('groups'));
  // A group's description is one column of one row.
  await target.call('cognito-idp', 'UpdateGroup', {
    UserPoolId: target.fixture.poolId,
    GroupName: `digest-${seed}`,
    Description: 'changed',
  });
  const afterUpdate = await target.digest();
  assert.notEqual(afterUpdate.get('groups'), afterWrite.get('groups'));
  await assert.rejects(
    target.call('cognito-idp', 'CreateGroup', {
      UserPoolId: target.fixture.poolId,
      GroupName: `digest-${seed}`,
    }),
    /GroupExistsException/,
  );
  assert.deepEqual(await target.digest(), afterUpdate);
});

test('every endpoint answers a fuzzed request of its own within the properties', async () => {
  const entries = catalogue();
  const session = new FuzzSession(target);
  // One request per endpoint, drawn from its own arbitrary, so none is left out by chance.
  for (const [i, { endpoint, arb }] of entries.entries()) {
    for (const req of fc.sample(arb, { numRuns: 1, seed: seed + i })) {
      try {
        await session.runCase(req);
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}\nrequest: ${show(req)}`);
      }
    }
    assert.ok(session.stats.byEndpoint.has(`${endpoint.api} ${endpoint.name}`));
  }
  assert.equal(session.stats.byEndpoint.size, entries.length);
});

test(`random requests over every endpoint (${runs} runs, ≤ ${seconds} s, seed ${seed})`, async () => {
  // What is left of the time budget, and at least ten seconds.
  const budget = Math.max(10_000, seconds * 1000 - (Date.now() - started));
  const began = Date.now();
  console.log(`fuzz seed ${seed} (replay: COGNATE_FUZZ_SEED=${seed})`);
  const stats = await runFuzz({ runs, seed, timeLimitMs: budget }).catch((err) => {
    throw new Error(`fuzz seed ${seed}: ${cut((err as Error).message)}`);
  });
  console.log(formatStats(stats, (Date.now() - began) / 1000));
  // The properties are checked per case; here only that the run did run.
  assert.ok(stats.cases > 0);
  assert.equal([...stats.byStatus.keys()].filter((s) => s >= 500).length, 0);
});

function cut(text: string): string {
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

function show(req: unknown): string {
  return cut(JSON.stringify(req));
}
