// Worker thread for the server's public-key work (see crypto-pool.ts). Plain JavaScript so
// a thread starts without a TypeScript loader. OpenSSL does the math through one Diffie-Hellman
// object on the group's prime: setPrivateKey(exp) + computeSecret(base) = base^exp mod N.
import crypto from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

// The event loop is every request's path; this thread's work is bulk. At a lower priority (on
// Linux a thread's own), waking this thread no longer takes the CPU from the loop that woke it.
try {
  setPriority(10);
} catch {
  // Not permitted here: run at the normal priority.
}

const N_BYTES = crypto.getDiffieHellman('modp15').getPrime();
const N = toBigInt(N_BYTES);
const dh = crypto.createDiffieHellman(N_BYTES, 2);
const G = Buffer.from([2]);

/** base^exp mod N, bytes in and out; the bases OpenSSL refuses as DH public keys are done here. */
function pow(base, exp) {
  const r = toBigInt(base) % N;
  if (toBigInt(exp) === 0n) return Buffer.from([1]);
  if (r <= 1n) return toBuffer(r);
  if (r === N - 1n) return toBuffer(toBigInt(exp) % 2n === 0n ? 1n : r);
  dh.setPrivateKey(exp);
  return dh.computeSecret(toBuffer(r));
}

/** One task: see the `Task` type in crypto-pool.ts. */
function run(task) {
  switch (task.op) {
    case 'sign':
      return crypto.sign('RSA-SHA256', Buffer.from(task.input), task.key);
    case 'pow':
      return pow(asBuffer(task.base), asBuffer(task.exp));
    case 'srp': {
      // S = (A · v^u)^b
      const vu = toBigInt(pow(asBuffer(task.v), asBuffer(task.u)));
      return pow(toBuffer((toBigInt(asBuffer(task.A)) * vu) % N), asBuffer(task.b));
    }
    case 'ephemerals': {
      const out = [];
      for (let i = 0; i < task.count; i++) {
        const b = crypto.randomBytes(32);
        out.push([b, pow(G, b)]);
      }
      return out;
    }
    default:
      throw new Error(`unknown task ${task.op}`);
  }
}

parentPort.on('message', ({ id, tasks }) => {
  const results = tasks.map((task) => {
    try {
      return { value: run(task) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  });
  parentPort.postMessage({ id, results });
});

function asBuffer(u8) {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

function toBigInt(buf) {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

function toBuffer(n) {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
