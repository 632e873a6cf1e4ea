// Console passwords: scrypt (memory-hard, in node:crypto) with a random salt per password, stored as
// one self-describing record so the cost can be raised later without breaking older hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost of new hashes: N = 2^15, r = 8, p = 1 — 32 MiB and some 50–100 ms per hash on one core. */
export const SCRYPT_COST = Object.freeze({ log2N: 15, r: 8, p: 1 });
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A new hash record `scrypt$<log2N>$<r>$<p>$<salt>$<key>` (base64url). */
export async function hashPassword(password: string, cost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost.log2N, cost.r, cost.p);
  return ['scrypt', cost.log2N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches the record (compared in constant time); false for a malformed record. */
export async function verifyPassword(password: string, record: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = record.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const [log2N, rr, pp] = [Number(n), Number(r), Number(p)];
  if (![log2N, rr, pp].every((x) => Number.isInteger(x) && x > 0) || log2N > 20) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), log2N, rr, pp);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash of a password nobody has, verified against when the user name is unknown, so a wrong name
 * costs the same time as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(randomBytes(18).toString('base64url')));
}

/** The rule a new password breaks, or undefined: 12–200 characters, not all one kind of character. */
export function passwordRule(password: string): string | undefined {
  if (password.length < 12) return 'must be at least 12 characters long';
  if (password.length > 200) return 'must be at most 200 characters long';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 2) return 'must mix at least two of: lower case, upper case, digits, symbols';
  return undefined;
}
