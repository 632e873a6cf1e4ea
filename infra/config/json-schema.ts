// The config's JSON Schema, made from the same zod schema that validates it, for editors' completion
// and hover docs (demo.yaml points at the checked-in copy, piyasa.schema.json; a test keeps it current).
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from './load.ts';

/** Where the checked-in JSON Schema lives (next to demo.yaml). */
export const CONFIG_JSON_SCHEMA_PATH = fileURLToPath(new URL('./piyasa.schema.json', import.meta.url));

/** The JSON Schema (draft-07, what YAML editors read) of a config file, as text with a final newline.
 * Rules a JSON Schema cannot say (cross-references, timezones, hour values) are checked at load. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  const doc = {
    ...schema,
    $id: 'https://piyasa.local/piyasa.schema.json',
    title: 'Piyasa config',
    description: 'Bots (personas), chats and settings of a Piyasa swarm. Generated from infra/config by `npm run config:schema`; do not edit.',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
