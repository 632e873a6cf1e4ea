// The LLM environment: defaults for the models, no key means the offline generator, bad values stop
// with one line naming the variable (and never echo the key).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, llmSettings } from '../../infra/config/index.ts';

test('defaults: no key, gpt-oss-20b for banter and gpt-oss-120b for answers', () => {
  assert.equal(llmSettings({}), { fastModel: 'openai/gpt-oss-20b', smartModel: 'openai/gpt-oss-120b' });
  assert.equal(llmSettings({ GROQ_API_KEY: '  ' }), { fastModel: 'openai/gpt-oss-20b', smartModel: 'openai/gpt-oss-120b' }, 'a blank key is no key');
});

test('values are read and trimmed; the base URL loses its trailing slash', () => {
  const s = llmSettings({ GROQ_API_KEY: ' gsk_abc ', GROQ_BASE_URL: 'http://127.0.0.1:9999/', PIYASA_MODEL_FAST: 'qwen/qwen3.6-27b', PIYASA_MODEL_SMART: 'openai/gpt-oss-120b' });
  assert.equal(s, { apiKey: 'gsk_abc', baseURL: 'http://127.0.0.1:9999', fastModel: 'qwen/qwen3.6-27b', smartModel: 'openai/gpt-oss-120b' });
});

test('bad values are a ConfigError naming the variable, never showing the key', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ GROQ_BASE_URL: 'not a url' }, /^GROQ_BASE_URL: must be an http\(s\) URL/],
    [{ GROQ_BASE_URL: 'file:///etc/passwd' }, /^GROQ_BASE_URL/],
    [{ GROQ_BASE_URL: 'https://user:pw@api.groq.com' }, /^GROQ_BASE_URL: must not carry credentials/],
    [{ PIYASA_MODEL_SMART: 'two words' }, /^PIYASA_MODEL_SMART: must be a model id/],
    [{ GROQ_API_KEY: 'gsk_a b' }, /^GROQ_API_KEY: must not contain spaces$/],
  ];
  for (const [env, re] of cases) {
    const e = (() => {
      try {
        llmSettings(env);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.instance(e, ConfigError, JSON.stringify(env));
    assert.match((e as Error).message, re);
    assert.not.match((e as Error).message, /gsk_a/);
  }
});

test.run();
