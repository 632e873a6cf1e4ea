// `piyasa start` says why a demo started at night is slow: the pace follows a market chat's day.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { quietHour } from '../../infra/cli/start.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';

const demo = loadConfig(DEMO_CONFIG_PATH);

test('a quiet hour is named with its share of the busiest pace; a busy one and dayCurve off say nothing', () => {
  const night = quietHour(demo, Date.UTC(2026, 11, 7, 0, 30)); // Monday 03:30 in Istanbul
  assert.match(night ?? '', /^It is 03:30 in Europe\/Istanbul: a market chat is quiet now \(4 % of its busiest pace\)/);
  assert.is(quietHour(demo, Date.UTC(2026, 11, 7, 8, 0)), undefined, 'Monday 11:00: the session');
  assert.is(quietHour({ ...demo, settings: { ...demo.settings, dayCurve: false } }, Date.UTC(2026, 11, 7, 0, 30)), undefined);
});

test.run();
