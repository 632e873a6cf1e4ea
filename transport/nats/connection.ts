// The node's NATS connection: reconnects forever (nats.js gives up after ~20 s by default), takes the
// standard credentials, and turns a failed first connect into one line that names the server, never
// a secret.
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, tokenAuthenticator, usernamePasswordAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../actors/index.ts';

export interface NatsConnectOptions {
  readonly servers: readonly string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  readonly credsFile?: string;
  /** The connection's name on the server (the node id). */
  readonly name?: string;
  readonly logger?: Logger;
  /** Give up on the first connect after this long. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** A first connect that failed: `message` is one line fit for an operator. */
export class NatsStartupError extends Error {
  override readonly name = 'NatsStartupError';
}

/** `nats://user:secret@host:4222` → `nats://host:4222`. */
export function safeServer(server: string): string {
  return server.replace(/\/\/[^@/]*@/, '//');
}

function authenticator(o: NatsConnectOptions) {
  if (o.credsFile) return credsAuthenticator(readFileSync(o.credsFile));
  if (o.token) return tokenAuthenticator(o.token);
  if (o.user) return usernamePasswordAuthenticator(o.user, o.pass);
  return undefined;
}

function reason(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  const text = `${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`;
  if (/authoriz|authenticat|permission|credentials/i.test(text)) return 'the server refused the credentials (check NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS)';
  if (/ECONNREFUSED|refused/i.test(text)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/i.test(text)) return 'unknown host';
  if (/timeout/i.test(text)) return 'no answer (timed out)';
  return (e.message ?? String(error)).split('\n')[0]!;
}

/** Connects, or throws NatsStartupError with one line. Later outages are logged (`nats.disconnected`,
 * `nats.reconnected`) and reconnected forever. */
export async function connectNats(o: NatsConnectOptions): Promise<NatsConnection> {
  const auth = authenticator(o);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: [...o.servers],
      ...(o.name ? { name: o.name } : {}),
      ...(auth ? { authenticator: auth } : {}),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      reconnectJitter: 100,
      pingInterval: 10_000,
      timeout: o.timeoutMs ?? 5_000,
    });
  } catch (error) {
    throw new NatsStartupError(`cannot connect to NATS at ${o.servers.map(safeServer).join(', ')}: ${reason(error)}`);
  }
  if (o.logger) void watch(nc, o.logger);
  return nc;
}

async function watch(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === 'disconnect') logger.warn('nats.disconnected', { server: safeServer(String(s.server)) });
    else if (s.type === 'reconnect') logger.warn('nats.reconnected', { server: safeServer(String(s.server)) });
    else if (s.type === 'error') logger.error('nats.error', { error: reason(s.error) });
  }
}
