// One-time codes of RFC 6238 (TOTP) over RFC 4226 (HOTP) with node:crypto: base32 secrets as
// authenticator apps read them, 30-second steps, 6 digits, one step of drift either way.
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 4648 base32 (case, spaces and padding ignored); undefined for any other character. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return undefined;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** RFC 4226 HOTP: the `digits`-digit code of `counter` under `key`. */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export interface TotpOptions {
  /** Seconds per step. Default 30. */
  readonly step?: number;
  readonly digits?: number;
  readonly algorithm?: TotpAlgorithm;
}

/** The time step of `atMs` (RFC 6238: T = floor((unix time − T0) / X), T0 = 0). */
export const totpStep = (atMs: number, step = 30): number => Math.floor(atMs / 1000 / step);

/** RFC 6238 TOTP: the code at time `atMs`. */
export function totp(key: Uint8Array, atMs: number, o: TotpOptions = {}): string {
  return hotp(key, totpStep(atMs, o.step), o.digits ?? 6, o.algorithm ?? 'sha1');
}

/** Checks a code against the steps `atMs` − 1, 0, + 1 (clock drift); returns the matching step, or
 * undefined. The caller refuses a step it has already accepted (a code works once). */
export function verifyTotp(secretBase32: string, code: string, atMs: number, o: TotpOptions = {}): number | undefined {
  const key = base32Decode(secretBase32);
  const digits = o.digits ?? 6;
  if (!key || key.length === 0 || !new RegExp(`^\\d{${digits}}$`).test(code)) return undefined;
  const now = totpStep(atMs, o.step);
  for (const step of [now - 1, now, now + 1]) {
    if (step >= 0 && hotp(key, step, digits, o.algorithm ?? 'sha1') === code) return step;
  }
  return undefined;
}

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation) in base32. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

/** The otpauth:// URI authenticator apps import (as a QR code or pasted). */
export function otpauthUri(secret: string, username: string, issuer = 'Piyasa'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
