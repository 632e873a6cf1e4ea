// Where the node's HTTP server listens: PIYASA_HTTP_HOST (PIYASA_HTTP_PORT is read in telegram.ts,
// where the sandbox first needed it).
import { ConfigError } from './load.ts';

/** PIYASA_HTTP_HOST: the address the node's HTTP server binds; 127.0.0.1 by default (0.0.0.0 in a
 * container, so probes and Prometheus reach it). */
export function httpHost(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.PIYASA_HTTP_HOST?.trim();
  if (!raw) return '127.0.0.1';
  if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(raw)) throw new ConfigError(`PIYASA_HTTP_HOST: must be a host name or address (got "${raw}")`);
  return raw;
}
