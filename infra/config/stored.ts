// Settings kept in the database (the `settings` table, one row per key): validated by the same schema
// as the YAML block, so a bad value is refused with its key and the rule, on the way in and out.
import { parseOrThrow } from './check.ts';
import { ConfigError } from './load.ts';
import { Issue } from './schema.ts';
import { settingsSchema, type Settings } from './settings.ts';

/** Rows that are not settings of the engine (kept in the same table). */
const NOT_SETTINGS = new Set(['token_key_check']);

function parse(data: Record<string, unknown>, source: string): Settings {
  try {
    return parseOrThrow(settingsSchema, data, 'settings');
  } catch (error) {
    if (error instanceof Issue) throw new ConfigError(`${source}: ${error.path}: ${error.rule}`);
    throw error;
  }
}

/** Checks one setting before it is written; throws ConfigError "settings.<key>: <rule>". */
export function checkSetting(key: string, value: unknown): void {
  parse({ [key]: value }, 'setting');
}

/** The settings as the database holds them (missing keys take their defaults), validated. */
export function settingsFromStore(rows: Readonly<Record<string, unknown>>): Settings {
  return parse(Object.fromEntries(Object.entries(rows).filter(([k]) => !NOT_SETTINGS.has(k))), 'database');
}
