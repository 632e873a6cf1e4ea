// Bot tokens at rest: AES-256-GCM under PIYASA_TOKEN_KEY (32 bytes, hex or base64). Only ciphertext
// and a masked form are ever stored; the clear token exists only in memory, when it is used.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A missing, malformed or wrong PIYASA_TOKEN_KEY. */
export class TokenKeyError extends Error {
  override readonly name = 'TokenKeyError';
}

/** Parses PIYASA_TOKEN_KEY: 64 hex digits or base64 of 32 bytes. */
export function parseTokenKey(raw: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const b64 = /^[A-Za-z0-9+/]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (b64?.length === 32) return b64;
  throw new TokenKeyError('PIYASA_TOKEN_KEY must be 32 bytes as 64 hex digits or base64 (make one with: openssl rand -hex 32)');
}

/** `v1:<iv>:<tag>:<ciphertext>`, base64 parts. */
export function encryptToken(key: Buffer, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/** The clear token; a wrong key (or a tampered value) throws TokenKeyError. */
export function decryptToken(key: Buffer, sealed: string): string {
  const [v, iv, tag, data] = sealed.split(':');
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new TokenKeyError('a stored bot token is not in the expected format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenKeyError('PIYASA_TOKEN_KEY does not match the key the stored bot tokens were encrypted with');
  }
}

/** What may be shown of a token: its first 4 and last 2 characters (`1234…yz`). */
export function maskToken(token: string): string {
  return token.length <= 8 ? '***' : `${token.slice(0, 4)}…${token.slice(-2)}`;
}
