// What a command takes from its user, checked before anything starts: flag values and combinations,
// the config file and the environment. Each problem is a BadInput: one line, exit code 2.
import {
  ConfigError, DEMO_CONFIG_PATH, httpAllowedHosts, httpHost, httpPort, llmSettings, loadConfig, nodeId, otelSettings, telegramEnv,
  type Config, type LlmSettings, type OtelSettings, type TelegramEnv,
} from '../config/index.ts';
import { FlagError, numberFlag, stringFlag, type Flags } from './args.ts';

/** Bad input that is not a flag: the whole line to print (e.g. "piyasa: invalid config: …"). */
export class BadInput extends Error {
  override readonly name = 'BadInput';
}

/** The config at `file`, or a BadInput with its one-line error. */
export function configInput(file: string): Config {
  try {
    return loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new BadInput(`piyasa: invalid config: ${error.message}`);
    throw error;
  }
}

function environment<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw new BadInput(`piyasa: invalid environment: ${error.message}`);
    throw error;
  }
}

export interface StartInputs {
  readonly file: string;
  readonly level: string;
  readonly speed: number;
  readonly seed: number;
  readonly config: Config;
  readonly shards: number;
  /** Undefined: the in-memory Telegram. */
  readonly telegram: TelegramEnv | undefined;
  readonly llm: LlmSettings;
  /** Home of the embedded database; undefined keeps everything in memory. */
  readonly home: string | undefined;
  readonly memory: boolean;
  /** Where the node's HTTP server listens (--port, else PIYASA_HTTP_PORT, else 8080), the host names
   * its pages answer to besides the local ones, and the node's id. */
  readonly listen: { readonly port: number; readonly host: string; readonly allowedHosts: readonly string[]; readonly node: string };
  /** Tracing (the standard OTEL_* variables) and JAEGER_URL. */
  readonly otel: OtelSettings;
}

/** Everything `piyasa start` takes from its user, checked; `randomSeed` when --seed is absent. */
export function startInputs(flags: Flags, randomSeed = 0): StartInputs {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const level = stringFlag(flags, 'log-level', 'warn');
  const speed = numberFlag(flags, 'speed', 1, { min: 0.1, max: 1_000 });
  const seed = numberFlag(flags, 'seed', randomSeed, { min: 0, max: 2 ** 32 - 1, integer: true });
  const shards = numberFlag(flags, 'shards', 1, { min: 1, max: 64, integer: true });
  const mode = stringFlag(flags, 'telegram', shards > 1 ? 'memory' : 'auto');
  const config = configInput(file);
  let telegram = mode === 'memory' ? undefined : environment(() => telegramEnv(config));
  const llm = environment(() => llmSettings());
  const listen = { port: numberFlag(flags, 'port', environment(() => httpPort()) ?? 8080, { min: 0, max: 65_535, integer: true }), host: environment(() => httpHost()), allowedHosts: environment(() => httpAllowedHosts()), node: environment(() => nodeId()) };
  if (telegram?.mode === 'sandbox') telegram = { mode: 'sandbox', port: listen.port };
  if (telegram && shards > 1) throw new FlagError('--shards: runs on the in-memory Telegram only for now (add --telegram memory)');
  if (telegram?.mode === 'telegram' && speed !== 1) throw new FlagError('--speed: real Telegram runs in real time; a faster clock needs the sandbox');
  const memory = flags.memory === true || shards > 1;
  const home = memory ? undefined : stringFlag(flags, 'data-dir', '.piyasa');
  const otel = environment(() => otelSettings());
  return { file, level, speed, seed, config, shards, telegram, llm, home, memory, listen, otel };
}

export interface SandboxInputs {
  readonly config: Config;
  readonly port: number;
  readonly host: string;
  readonly allowedHosts: readonly string[];
  readonly limits: 'telegram' | 'off';
  /** PIYASA_BOT_TOKEN_* and PIYASA_TELEGRAM_CHAT_* when set: the sandbox takes those (a cluster's nodes share them). */
  readonly telegram: TelegramEnv;
}

/** Everything `piyasa sandbox` takes from its user, checked. */
export function sandboxInputs(flags: Flags): SandboxInputs {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const port = numberFlag(flags, 'port', environment(() => httpPort()) ?? 8080, { min: 0, max: 65_535, integer: true });
  const limits = stringFlag(flags, 'limits', 'telegram');
  if (limits !== 'telegram' && limits !== 'off') throw new FlagError(`--limits: must be one of telegram, off (got "${limits}")`);
  const config = configInput(file);
  return { config, port, host: environment(() => httpHost()), allowedHosts: environment(() => httpAllowedHosts()), limits, telegram: environment(() => telegramEnv(config)) };
}
