// Reading and validating the YAML config: syntax, shape (schema.ts), then cross-references. Every
// problem becomes one ConfigError line "<file>: <path>: <rule>"; the first problem found wins.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, YAMLParseError } from 'yaml';
import type { Persona } from '../../actors/index.ts';
import { chatSchema, type ChatSpec } from './chat.ts';
import { parseOrThrow } from './check.ts';
import { personaSchema } from './persona.ts';
import { configRefErrors } from './refs.ts';
import { Issue, describe, fail, list, obj } from './schema.ts';
import { settingsSchema, type Settings } from './settings.ts';

/** A validated config with every default filled in. */
export interface Config {
  readonly settings: Settings;
  /** The bots that run. */
  readonly bots: readonly Persona[];
  /** The chats, with the members that run (a disabled bot is left out of `members`). */
  readonly chats: readonly ChatSpec[];
  /** Bots that do not run, kept so `bots.enable` brings them back: never in a YAML file, they come
   * from the database (infra/db/storage.ts) and from the commands of this run. */
  readonly disabled?: readonly DisabledBot[];
}

/** A bot that does not run: disabled (`bots.disable`) with the chats it is still a member of, or
 * removed (`bots.remove`, `removed`: in no chat). */
export interface DisabledBot {
  readonly bot: Persona;
  readonly chats: readonly string[];
  readonly removed?: true;
}

/** Invalid configuration: one line naming the file, the field and the rule. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Absolute path of the demo config shipped with the project. */
export const DEMO_CONFIG_PATH = fileURLToPath(new URL('./demo.yaml', import.meta.url));

/** The largest config file read (a config of 10,000 bots is about 20 MB). */
export const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
/** Aliases a YAML file may expand: enough for any hand-written config, too few for an alias bomb. */
const MAX_ALIASES = 100;

/** The whole file's schema (the JSON Schema for editors is made from it). */
export const configSchema = obj({
  settings: settingsSchema,
  bots: list(personaSchema, { min: 1, max: 10_000 }).describe('The bots (personas), 1–10000.'),
  chats: list(chatSchema, { min: 1, max: 10_000 }).describe('The group chats, 1–10000.'),
});

/** The first rule that spans entries and is broken, as an Issue. */
function crossCheck(config: Config): void {
  const first = configRefErrors(config.bots, config.chats)[0];
  if (first) fail(first.path, first.message);
}

/** The first line of a YAML error, without the position the prefix already gives. */
function yamlMessage(error: YAMLParseError): string {
  return (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

/** The YAML document in `text`; any failure of the parser (syntax, an alias bomb, nesting too deep
 * for the stack) is one ConfigError line naming `file`. */
function yamlData(text: string, file: string): unknown {
  try {
    // logLevel 'error': the parser's warnings would be extra lines on stderr; errors still throw.
    return parse(text, { maxAliasCount: MAX_ALIASES, logLevel: 'error' });
  } catch (error) {
    const deep = error instanceof RangeError || /Maximum call stack/.test(String(error));
    if (error instanceof YAMLParseError && !deep) throw new ConfigError(`${file}: line ${error.linePos?.[0].line ?? 1}: ${yamlMessage(error)}`);
    const message = deep ? 'nested too deeply' : firstLine(error);
    throw new ConfigError(`${file}: cannot be read as YAML: ${message}`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return describe(text.split('\n')[0] ?? '').slice(1, -1);
}

/** Parses and validates config text; `file` only names the source in error messages. */
export function parseConfig(text: string, file: string): Config {
  const data = yamlData(text, file);
  try {
    const config = parseOrThrow(configSchema, data ?? {}) as Config;
    crossCheck(config);
    return config;
  } catch (error) {
    if (error instanceof Issue) throw new ConfigError(`${file}: ${error.path}: ${error.rule}`);
    if (error instanceof RangeError) throw new ConfigError(`${file}: nested too deeply`);
    throw error;
  }
}

/** The file's text, refused past MAX_CONFIG_BYTES before it is read whole. */
function readText(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_CONFIG_BYTES) throw new ConfigError(`${file}: is ${(size / 1048576).toFixed(1)} MB; a config is at most ${MAX_CONFIG_BYTES / 1048576} MB`);
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'unknown error'})`}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads and validates a config file; a missing, unreadable or oversized file is a ConfigError too. */
export function loadConfig(file: string): Config {
  return parseConfig(readText(file), file);
}
