// Reading and validating the YAML config: syntax, shape (schema.ts), then cross-references. Every
// problem becomes one ConfigError line "<file>: <path>: <rule>"; the first problem found wins.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, YAMLParseError } from 'yaml';
import type { Persona } from '../../actors/index.ts';
import { chatSchema, type ChatSpec } from './chat.ts';
import { personaSchema } from './persona.ts';
import { Issue, at, fail, list, obj, type Field } from './schema.ts';
import { settingsSchema, type Settings } from './settings.ts';

/** A validated config with every default filled in. */
export interface Config {
  readonly settings: Settings;
  readonly bots: readonly Persona[];
  readonly chats: readonly ChatSpec[];
}

/** Invalid configuration: one line naming the file, the field and the rule. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Absolute path of the demo config shipped with the project. */
export const DEMO_CONFIG_PATH = fileURLToPath(new URL('./demo.yaml', import.meta.url));

const configSchema: Field<Config> = obj({
  settings: settingsSchema,
  bots: list(personaSchema, { min: 1 }),
  chats: list(chatSchema, { min: 1 }),
});

/** Fails at the second item of `items` whose `key` repeats an earlier one. */
function unique<T>(items: readonly T[], base: string, field: string, key: (item: T) => string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) {
      fail(at(at(base, i), field), `duplicate ${field} ${JSON.stringify(k)} (already used by ${at(base, first)})`);
    }
    seen.set(k, i);
  });
}

/** Rules that span entries: unique bot ids and handles (handles case-insensitively, as Telegram
 * does), unique chat ids, members that exist, unique script ids, replies to earlier lines only.
 * Throws the first Issue; the commands that add bots and chats check a candidate config with it. */
export function crossCheck(config: Config): void {
  unique(config.bots, 'bots', 'id', (b) => b.id);
  unique(config.bots, 'bots', 'handle', (b) => b.handle.toLowerCase());
  unique(config.chats, 'chats', 'id', (c) => c.id);
  const botIds = new Set(config.bots.map((b) => b.id));
  config.chats.forEach((chat, c) => {
    const path = at('chats', c);
    chat.members.forEach((m, i) => {
      if (!botIds.has(m)) fail(at(at(path, 'members'), i), `no bot with id ${JSON.stringify(m)}`);
    });
    unique(chat.script, at(path, 'script'), 'id', (l) => l.id);
    const earlier = new Set<string>();
    chat.script.forEach((line, i) => {
      if (line.replyTo !== undefined && !earlier.has(line.replyTo)) {
        fail(at(at(at(path, 'script'), i), 'replyTo'),
          `must name an earlier script line of this chat (got ${JSON.stringify(line.replyTo)})`);
      }
      earlier.add(line.id);
    });
  });
}

/** The first line of a YAML error, without the position the prefix already gives. */
function yamlMessage(error: YAMLParseError): string {
  return (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses and validates config text; `file` only names the source in error messages. */
export function parseConfig(text: string, file: string): Config {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    throw new ConfigError(`${file}: line ${error.linePos?.[0].line ?? 1}: ${yamlMessage(error)}`);
  }
  try {
    const config = configSchema.parse(data ?? {}, '');
    crossCheck(config);
    return config;
  } catch (error) {
    if (error instanceof Issue) throw new ConfigError(`${file}: ${error.path}: ${error.rule}`);
    throw error;
  }
}

/** Reads and validates a config file; a missing or unreadable file is a ConfigError too. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'unknown error'})`}`);
  }
  return parseConfig(text, file);
}
