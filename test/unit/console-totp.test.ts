// TOTP and HOTP against the RFC test vectors (RFC 6238 appendix B for SHA-1, SHA-256 and SHA-512 at
// 8 digits; RFC 4226 appendix D), base32 round trips, and the ±1 step window of a 6-digit check.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp } from '../../infra/console/index.ts';

const SEEDS = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

const RFC6238: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

test('RFC 6238 appendix B: every vector for SHA-1, SHA-256 and SHA-512', () => {
  for (const [t, sha1, sha256, sha512] of RFC6238) {
    assert.is(totp(SEEDS.sha1, t * 1000, { digits: 8, algorithm: 'sha1' }), sha1, `sha1 at ${t}`);
    assert.is(totp(SEEDS.sha256, t * 1000, { digits: 8, algorithm: 'sha256' }), sha256, `sha256 at ${t}`);
    assert.is(totp(SEEDS.sha512, t * 1000, { digits: 8, algorithm: 'sha512' }), sha512, `sha512 at ${t}`);
  }
});

test('RFC 4226 appendix D: HOTP counters 0–9', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => assert.is(hotp(SEEDS.sha1, counter), code, `counter ${counter}`));
});

test('base32 round trip; the RFC seed in base32 is the well-known GEZDGNBV… string', () => {
  assert.is(base32Encode(SEEDS.sha1), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.equal(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq'), SEEDS.sha1);
  for (let n = 0; n < 40; n++) {
    const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 255));
    assert.equal(base32Decode(base32Encode(bytes)), bytes);
  }
  assert.is(base32Decode('not base32!'), undefined);
});

test('a 6-digit code is accepted one step early or late, not two; the matching step is returned', () => {
  const secret = base32Encode(SEEDS.sha1);
  const t = 1_234_567_890_000;
  const step = Math.floor(t / 30_000);
  const at = (s: number) => hotp(SEEDS.sha1, s);
  assert.is(verifyTotp(secret, at(step), t), step);
  assert.is(verifyTotp(secret, at(step - 1), t), step - 1);
  assert.is(verifyTotp(secret, at(step + 1), t), step + 1);
  assert.is(verifyTotp(secret, at(step - 2), t), undefined);
  assert.is(verifyTotp(secret, at(step + 2), t), undefined);
  assert.is(verifyTotp(secret, '12345', t), undefined, 'five digits');
  assert.is(verifyTotp(secret, 'abcdef', t), undefined);
  assert.is(verifyTotp('!!!', at(step), t), undefined, 'a broken secret');
});

test('the otpauth URI names the issuer, the user and the secret', () => {
  assert.is(otpauthUri('ABC', 'ayşe'), 'otpauth://totp/Piyasa:ay%C5%9Fe?secret=ABC&issuer=Piyasa&algorithm=SHA1&digits=6&period=30');
});

test.run();
