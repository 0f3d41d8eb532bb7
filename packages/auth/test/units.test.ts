// Pure pieces: SRP helpers, storages, configuration parsing, the hosted-UI redirect.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { CookieStorage, MemoryStorage } from '../src/index.ts';
import { parseConfig } from '../src/internal/config.ts';
import { groupN, modPow, padHex, srpTimestamp } from '../src/internal/srp.ts';
import { decodeJwt } from '../src/internal/tokens.ts';

describe('SRP helpers', () => {
  test('padHex follows identity-js (sign byte when the top bit is set, even length)', () => {
    assert.equal(padHex(0n), '00');
    assert.equal(padHex(0xfn), '0f');
    assert.equal(padHex(0x7fn), '7f');
    assert.equal(padHex(0x80n), '0080');
    assert.equal(padHex(0x1234n), '1234');
    assert.equal(padHex(0xabcn), '0abc');
  });

  test('modPow agrees with OpenSSL on the 3072-bit group', () => {
    const dh = crypto.getDiffieHellman('modp15');
    dh.generateKeys();
    const a = BigInt(`0x${dh.getPrivateKey('hex')}`);
    const N = BigInt(`0x${dh.getPrime('hex')}`);
    assert.equal(groupN(), N, 'N computed from pi is RFC 3526 group 15');
    assert.equal(modPow(2n, a, N), BigInt(`0x${dh.getPublicKey('hex')}`));
    assert.equal(
      modPow(2n, a),
      BigInt(`0x${dh.getPublicKey('hex')}`),
      'the default group is modp15',
    );
  });

  test('the bigint sliding window (browsers) agrees with square-and-multiply for any exponent', () => {
    // Another odd modulus than N takes the bigint path, where Node would use OpenSSL for N.
    const M = groupN() - 2n;
    const reference = (b: bigint, e: bigint) => {
      let r = 1n;
      for (const bit of e.toString(2)) {
        r = (r * r) % M;
        if (bit === '1') r = (r * b) % M;
      }
      return r % M;
    };
    const base = BigInt(`0x${crypto.randomBytes(384).toString('hex')}`) % M;
    const exponents = [0n, 1n, 2n, 3n, 16n, 31n, 32n, 33n, 0b1000010001n, 2n ** 255n + 7n];
    for (let i = 0; i < 12; i++) {
      exponents.push(BigInt(`0x${crypto.randomBytes(1 + i * 5).toString('hex')}`));
    }
    for (const e of exponents) assert.equal(modPow(base, e, M), reference(base, e), `e = ${e}`);
  });

  test('modPow on N gives the same as bigint for the bases OpenSSL refuses as public keys', () => {
    const N = groupN();
    assert.equal(modPow(0n, 5n), 0n);
    assert.equal(modPow(1n, 12345n), 1n);
    assert.equal(modPow(N - 1n, 3n), N - 1n);
    assert.equal(modPow(N + 5n, 1n), 5n);
    assert.equal(modPow(-3n, 1n), N - 3n);
  });

  test("the timestamp is DateHelper's format (day not padded, UTC)", () => {
    assert.equal(
      srpTimestamp(new Date(Date.UTC(2026, 10, 3, 9, 5, 7))),
      'Tue Nov 3 09:05:07 UTC 2026',
    );
  });

  test('JWT payloads decode as UTF-8 from base64url', () => {
    const payload = { name: 'Zoë ✓', exp: 1 };
    const token = `x.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.y`;
    assert.deepEqual(decodeJwt(token), payload);
    assert.deepEqual(decodeJwt('garbage'), {});
  });
});

describe('storages', () => {
  /** A document.cookie that behaves like a browser's for one host and path. */
  function jar() {
    const cookies = new Map<string, string>();
    const written: string[] = [];
    return {
      written,
      get cookie() {
        return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      },
      set cookie(line: string) {
        written.push(line);
        const [pair, ...attrs] = line.split('; ');
        const eq = pair.indexOf('=');
        const expires = attrs.find((a) => a.startsWith('expires='));
        if (expires && new Date(expires.slice(8)).getTime() < Date.now())
          cookies.delete(pair.slice(0, eq));
        else cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      },
    };
  }

  test('CookieStorage writes every option and reads values back (js-cookie encoding)', () => {
    const j = jar();
    const s = new CookieStorage(
      { domain: 'example.com', path: '/app', expires: 7, secure: true, sameSite: 'strict' },
      j,
    );
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig+/=';
    assert.equal(s.setItem('CognitoIdentityServiceProvider.c.u@x.com.idToken', jwt), jwt);
    assert.equal(s.getItem('CognitoIdentityServiceProvider.c.u@x.com.idToken'), jwt);
    const line = j.written[0];
    assert.match(
      line,
      /; path=\/app; expires=[^;]+ GMT; domain=example\.com; secure; samesite=strict$/,
    );
    const days = (new Date(/expires=([^;]+)/.exec(line)?.[1] ?? '').getTime() - Date.now()) / 864e5;
    assert.ok(days > 6.9 && days <= 7);
    s.setItem('other', 'a b;c');
    assert.equal(s.getItem('other'), 'a b;c');
    s.removeItem('other');
    assert.equal(s.getItem('other'), null);
    s.clear();
    assert.equal(j.cookie, '');
  });

  test('CookieStorage defaults and validation match identity-js', () => {
    const s = new CookieStorage({}, jar());
    assert.equal(s.path, '/');
    assert.equal(s.expires, 365);
    assert.equal(s.secure, true);
    assert.equal(s.sameSite, undefined);
    assert.throws(() => new CookieStorage({ sameSite: 'bad' as 'lax' }), {
      message: 'The sameSite value of cookieStorage must be "lax", "strict" or "none".',
    });
    assert.throws(() => new CookieStorage({ sameSite: 'none', secure: false }), {
      message: 'sameSite = None requires the Secure attribute in latest browser versions.',
    });
    const insecure = new CookieStorage({ secure: false, sameSite: 'lax' }, jar());
    insecure.setItem('k', 'v');
  });

  test('MemoryStorage', () => {
    const m = new MemoryStorage();
    m.setItem('a', '1');
    assert.equal(m.getItem('a'), '1');
    assert.equal(m.getItem('b'), null);
    m.removeItem('a');
    assert.equal(m.getItem('a'), null);
  });
});

describe('configuration shapes', () => {
  test('aws-exports.js / amplifyconfiguration.json', () => {
    const oauth = {
      domain: 'auth.example.com',
      scope: ['openid', 'email'],
      redirectSignIn: 'http://localhost:3000/',
      redirectSignOut: 'http://localhost:3000/',
      responseType: 'code' as const,
    };
    assert.deepEqual(
      parseConfig({
        aws_project_region: 'eu-west-1',
        aws_cognito_identity_pool_id: 'eu-west-1:abc',
        aws_cognito_region: 'eu-west-1',
        aws_user_pools_id: 'eu-west-1_X',
        aws_user_pools_web_client_id: 'client',
        oauth,
        aws_cognito_username_attributes: ['EMAIL'],
        aws_cognito_verification_mechanisms: ['EMAIL'],
      }),
      {
        userPoolId: 'eu-west-1_X',
        userPoolWebClientId: 'client',
        region: 'eu-west-1',
        identityPoolId: 'eu-west-1:abc',
        identityPoolRegion: 'eu-west-1',
        signUpVerificationMethod: 'code',
        oauth,
      },
    );
  });

  test('{ Auth } (v5), a bare Auth object, and amplify_outputs.json', () => {
    const auth = {
      region: 'us-east-1',
      userPoolId: 'us-east-1_A',
      userPoolWebClientId: 'c',
      mandatorySignIn: true,
      cookieStorage: { domain: 'x.com' },
      clientMetadata: { a: 'b' },
    };
    assert.deepEqual(parseConfig({ Auth: auth }), auth);
    assert.deepEqual(parseConfig(auth), auth);
    assert.deepEqual(
      parseConfig({
        auth: { user_pool_id: 'us-east-2_B', user_pool_client_id: 'd', aws_region: 'us-east-2' },
      }),
      { userPoolId: 'us-east-2_B', userPoolWebClientId: 'd', region: 'us-east-2' },
    );
  });
});
