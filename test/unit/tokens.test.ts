// Sealing bot tokens: AES-256-GCM round trip, a fresh IV each time, tampering and wrong keys refused,
// keys accepted as hex or base64 only, and the masked form showing almost nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { TokenKeyError, decryptToken, encryptToken, maskToken, parseTokenKey } from '../../persistence/index.ts';

const token = '7123456789:AAHk3v9Qx2mZpLr8TnWc5YbUe0JsDf4GhKo';

test('round trip; two seals of one token differ; a wrong key or a changed byte is refused', () => {
  const key = parseTokenKey(randomBytes(32).toString('hex'));
  const a = encryptToken(key, token);
  const b = encryptToken(key, token);
  assert.is.not(a, b);
  assert.not.ok(a.includes(token.split(':')[1]!));
  assert.is(decryptToken(key, a), token);
  assert.throws(() => decryptToken(parseTokenKey(randomBytes(32).toString('base64')), a), (e: unknown) => e instanceof TokenKeyError);
  const [v, iv, tag, data] = a.split(':') as [string, string, string, string];
  const flipped = Buffer.from(data, 'base64');
  flipped[0] = flipped[0]! ^ 1;
  assert.throws(() => decryptToken(key, [v, iv, tag, flipped.toString('base64')].join(':')), (e: unknown) => e instanceof TokenKeyError);
});

test('keys: 64 hex digits or base64 of 32 bytes, nothing else', () => {
  assert.is(parseTokenKey('ab'.repeat(32)).length, 32);
  assert.is(parseTokenKey(randomBytes(32).toString('base64')).length, 32);
  for (const bad of ['', 'ab'.repeat(31), randomBytes(16).toString('base64'), 'not a key at all']) {
    assert.throws(() => parseTokenKey(bad), (e: unknown) => e instanceof TokenKeyError, JSON.stringify(bad));
  }
});

test('the mask shows 6 characters of a token at most', () => {
  assert.is(maskToken(token), '7123…Ko');
  assert.is(maskToken('short'), '***');
});

test.run();
