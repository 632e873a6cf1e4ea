// The environment of the operator console (served under /console on PIYASA_HTTP_PORT).
import { ConfigError } from './load.ts';

export interface ConsoleEnv {
  /** PIYASA_CONSOLE_SECURE=1: behind TLS — cookies are Secure and the console's origin is https. */
  readonly secure: boolean;
  /** PIYASA_CONSOLE_ORIGINS: other origins people reach the console at (a proxy's), comma separated. */
  readonly allowedOrigins: readonly string[];
}

export function consoleEnv(env: NodeJS.ProcessEnv = process.env): ConsoleEnv {
  const secure = (env.PIYASA_CONSOLE_SECURE ?? '').trim();
  if (secure !== '' && !['0', '1', 'true', 'false'].includes(secure)) throw new ConfigError(`PIYASA_CONSOLE_SECURE: must be 1 or 0 (got "${secure}")`);
  const origins = (env.PIYASA_CONSOLE_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    let u: URL | undefined;
    try {
      u = new URL(o);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== o) throw new ConfigError(`PIYASA_CONSOLE_ORIGINS: "${o}" must be an origin such as https://console.example.com (scheme, host and port only)`);
  }
  return { secure: secure === '1' || secure === 'true', allowedOrigins: origins };
}
