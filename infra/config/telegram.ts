// Telegram settings from the environment (secrets never live in the YAML): a bot token per persona,
// the Telegram id of each chat, an optional webhook, and the sandbox's port. No token at all means
// the embedded sandbox. Error messages name variables, never their values.
import type { Config } from './load.ts';
import { ConfigError } from './load.ts';

export type TelegramEnv =
  | { readonly mode: 'sandbox'; readonly port: number | undefined }
  | {
    readonly mode: 'telegram';
    /** botId → token. */
    readonly tokens: ReadonlyMap<string, string>;
    /** chatId → Telegram chat id. */
    readonly chatIds: ReadonlyMap<string, number>;
    readonly apiRoot?: string;
    readonly webhook?: { readonly url: string; readonly secret: string; readonly port: number };
    readonly privateNote?: string;
    /** PIYASA_TELEGRAM_SEND_KEYS=1: pass each send's outbox key to the API (only the Piyasa sandbox reads it). */
    readonly sendKeys?: boolean;
  };

/** `mehmet_trader` → `PIYASA_BOT_TOKEN_MEHMET_TRADER`. */
export const tokenVar = (botId: string): string => `PIYASA_BOT_TOKEN_${botId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
/** `demo` → `PIYASA_TELEGRAM_CHAT_DEMO`. */
export const chatVar = (chatId: string): string => `PIYASA_TELEGRAM_CHAT_${chatId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

const TOKEN = /^\d{5,}:[A-Za-z0-9_-]{20,}$/;

function port(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new ConfigError(`${name}: must be a port number 0–65535 (got "${raw}")`);
  return n;
}

/** PIYASA_HTTP_PORT: the port of the sandbox and its page (undefined when unset). */
export function httpPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return port(env.PIYASA_HTTP_PORT, 'PIYASA_HTTP_PORT');
}

/** Reads the Telegram part of the environment for `config`. */
export function telegramEnv(config: Config, env: NodeJS.ProcessEnv = process.env): TelegramEnv {
  const tokens = new Map<string, string>();
  for (const b of config.bots) {
    const v = env[tokenVar(b.id)];
    if (v !== undefined && v !== '') {
      if (!TOKEN.test(v)) throw new ConfigError(`${tokenVar(b.id)}: is not shaped like a bot token ("<digits>:<secret>")`);
      tokens.set(b.id, v);
    }
  }
  if (tokens.size === 0) return { mode: 'sandbox', port: httpPort(env) };
  const missing = config.bots.filter((b) => !tokens.has(b.id)).map((b) => tokenVar(b.id));
  if (missing.length > 0) throw new ConfigError(`some bots have a token and some do not; set ${missing.join(', ')} (or none of them for the sandbox)`);
  const chatIds = new Map<string, number>();
  for (const c of config.chats) {
    const raw = env[chatVar(c.id)];
    const n = Number(raw);
    if (raw === undefined || !Number.isSafeInteger(n) || n === 0) throw new ConfigError(`${chatVar(c.id)}: set it to the Telegram id of chat "${c.id}" (a negative number for a group)`);
    chatIds.set(c.id, n);
  }
  const url = env.PIYASA_TELEGRAM_WEBHOOK_URL;
  const secret = env.PIYASA_TELEGRAM_WEBHOOK_SECRET;
  if (url && !(secret && /^[A-Za-z0-9_-]{16,256}$/.test(secret))) throw new ConfigError('PIYASA_TELEGRAM_WEBHOOK_SECRET: a webhook needs a secret of 16–256 characters A–Z, a–z, 0–9, _ or -');
  const apiRoot = (env.TELEGRAM_API_ROOT || env.PIYASA_TELEGRAM_API_ROOT)?.replace(/\/+$/, '');
  return {
    mode: 'telegram', tokens, chatIds,
    ...(apiRoot ? { apiRoot } : {}),
    ...(url && secret ? { webhook: { url, secret, port: port(env.PIYASA_TELEGRAM_WEBHOOK_PORT, 'PIYASA_TELEGRAM_WEBHOOK_PORT') ?? 8443 } } : {}),
    ...(env.PIYASA_TELEGRAM_PRIVATE_NOTE ? { privateNote: env.PIYASA_TELEGRAM_PRIVATE_NOTE } : {}),
    ...(env.PIYASA_TELEGRAM_SEND_KEYS === '1' ? { sendKeys: true } : {}),
  };
}
