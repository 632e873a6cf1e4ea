// `npm run config:schema`: writes infra/config/piyasa.schema.json from the config's zod schema.
import { writeFileSync } from 'node:fs';
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchema } from './json-schema.ts';

writeFileSync(CONFIG_JSON_SCHEMA_PATH, configJsonSchema());
console.log(`wrote ${CONFIG_JSON_SCHEMA_PATH}`);
