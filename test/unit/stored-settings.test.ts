// Settings in the database: each value checked by the YAML block's schema, refused with its key and rule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, DEFAULT_SETTINGS, checkSetting, settingsFromStore } from '../../infra/config/index.ts';

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as Error).message;
  }
  throw new Error('not refused');
};

test('a valid setting passes; a bad one is refused with the key and the rule', () => {
  checkSetting('replyProbability', 0.3);
  checkSetting('telegram', { perChatPerSec: 2 });
  assert.match(refusal(() => checkSetting('replyProbability', 3)), /^setting: settings\.replyProbability: must be .*1.*\(got 3\)/);
  assert.match(refusal(() => checkSetting('maxBotChain', 1.5)), /^setting: settings\.maxBotChain: /);
  assert.match(refusal(() => checkSetting('typing', 'yes')), /^setting: settings\.typing: /);
  assert.match(refusal(() => checkSetting('replyProbabilty', 0.3)), /unknown field \(did you mean "replyProbability"\?\)/);
});

test('stored rows read back as full settings; the token key check row is not a setting; a bad stored value stops', () => {
  const s = settingsFromStore({ replyProbability: 0.2, token_key_check: 'v1:x:y:z' });
  assert.is(s.replyProbability, 0.2);
  assert.is(s.maxBotChain, DEFAULT_SETTINGS.maxBotChain);
  assert.match(refusal(() => settingsFromStore({ minTurnSec: 10, maxTurnSec: 5 })), /^database: settings\.maxTurnSec: must be > minTurnSec/);
});

test.run();
