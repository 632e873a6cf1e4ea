// The config's JSON Schema for editors: the checked-in file is what the zod schema makes today, the
// demo config is valid under it, and it refuses what the loader refuses for ranges and unknown keys.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { DEMO_CONFIG_PATH, parseConfig } from '../../infra/config/index.ts';
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchema } from '../../infra/config/json-schema.ts';

const demoText = readFileSync(DEMO_CONFIG_PATH, 'utf8');

test('infra/config/piyasa.schema.json is up to date (npm run config:schema)', () => {
  assert.ok(readFileSync(CONFIG_JSON_SCHEMA_PATH, 'utf8') === configJsonSchema(), 'piyasa.schema.json is stale: run npm run config:schema');
});

test('demo.yaml names the schema for editors and is valid under it', () => {
  assert.match(demoText.split('\n')[0]!, /^# yaml-language-server: \$schema=\.\/piyasa\.schema\.json$/);
  const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(configJsonSchema()) as object);
  assert.ok(validate(parse(demoText)), JSON.stringify(validate.errors));
});

test('the JSON Schema refuses what the loader refuses: ranges, lengths, enums, unknown fields', () => {
  const validate = new Ajv({ strict: false }).compile(JSON.parse(configJsonSchema()) as object);
  const cases: [string, string][] = [
    ['hourlyLimit: 12', 'hourlyLimit: 1e308'],
    ['minGapSec: 20', 'minGapSec: 1e12'],
    ['paceScale: 1', 'paceScale: 1e-300'],
    ['hourlyLimit: 12', 'hourlyLimt: 12'],
    ['risk: low', 'risk: reckless'],
    ['BIST:AKBNK,', 'BIST:AKBANK,'],
    ['talkativeness: 0.45', 'talkativeness: 0'],
    ['"09:00-12:00"', '"25:00-26:00"'],
    ['tone: "tecrübeli, sakin, muhafazakar"', `tone: "${'x'.repeat(501)}"`],
  ];
  for (const [from, to] of cases) {
    const text = demoText.replace(from, to);
    assert.is.not(text, demoText, from);
    assert.throws(() => parseConfig(text, 'x.yaml'));
    assert.not.ok(validate(parse(text)), `the JSON Schema took ${to}`);
  }
});

test.run();
