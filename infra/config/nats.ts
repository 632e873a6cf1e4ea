// The NATS part of the environment, read in one place: NATS_URL plus the standard credentials of
// NATS tools (NATS_USER/NATS_PASSWORD, NATS_TOKEN, NATS_CREDS), and the node's id. Error messages
// name variables, never their values.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { ConfigError } from './load.ts';

export interface NatsEnv {
  /** Server URLs from NATS_URL (comma-separated), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: readonly string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** Path of a `.creds` file (JWT + nkey seed). */
  readonly credsFile?: string;
}

const SERVER = /^(nats|tls|ws|wss):\/\/[^\s/]+(:\d+)?\/?$|^[^\s:/]+:\d+$/;

/** NATS_URL and its credentials; undefined when NATS_URL is unset (no cluster: the in-process bus). */
export function natsEnv(env: NodeJS.ProcessEnv = process.env): NatsEnv | undefined {
  const raw = env.NATS_URL?.trim();
  if (!raw) return undefined;
  const servers = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const s of servers) {
    // A URL may carry user:password@ — checked without echoing it.
    const shown = s.replace(/\/\/[^@/]*@/, '//');
    if (!SERVER.test(s.replace(/\/\/[^@/]*@/, '//'))) throw new ConfigError(`NATS_URL: "${shown}" is not a NATS server address (nats://host:port)`);
  }
  const user = env.NATS_USER?.trim();
  const pass = env.NATS_PASSWORD;
  const token = env.NATS_TOKEN?.trim();
  const credsFile = env.NATS_CREDS?.trim();
  if (pass && !user) throw new ConfigError('NATS_PASSWORD: set NATS_USER too');
  if ([user, token, credsFile].filter(Boolean).length > 1) throw new ConfigError('NATS credentials: set one of NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS');
  if (credsFile && !existsSync(credsFile)) throw new ConfigError(`NATS_CREDS: no such file "${credsFile}"`);
  return {
    servers,
    ...(user ? { user } : {}),
    ...(pass !== undefined && pass !== '' ? { pass } : {}),
    ...(token ? { token } : {}),
    ...(credsFile ? { credsFile } : {}),
  };
}

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** PIYASA_NODE_ID, or `<host>-<pid>`: the node's name in the cluster (a NATS subject token). */
export function nodeId(env: NodeJS.ProcessEnv = process.env, pid = process.pid): string {
  const raw = env.PIYASA_NODE_ID?.trim();
  if (raw) {
    if (!NODE_ID.test(raw)) throw new ConfigError(`PIYASA_NODE_ID: letters, digits, "_" and "-" only, at most 64 (got "${raw}")`);
    return raw;
  }
  return `${hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 48)}-${pid}`;
}
