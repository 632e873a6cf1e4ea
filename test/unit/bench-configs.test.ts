// The configs the cluster bench and tests write for their node processes pass the config's own schema
// (a node refuses a file that does not), paced and flat out alike, and run the same at any hour.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { flatOutConfig, loadConfig } from '../../infra/bench/cluster-config.ts';
import { parseConfig } from '../../infra/config/index.ts';

test('cluster configs, paced and flat out: valid, and dayCurve off', () => {
  for (const c of [loadConfig(12, 3), loadConfig(12, 3, { flatOut: true }), flatOutConfig(12, 3)]) {
    const parsed = parseConfig(stringify(c), 'cluster.yaml');
    assert.is(parsed.bots.length, 36);
    assert.is(parsed.settings.dayCurve, false);
  }
});

test.run();
