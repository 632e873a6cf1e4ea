// `piyasa start` with GROQ_API_KEY set talks to the LLM at GROQ_BASE_URL (here the local
// Groq-compatible server): lines written by the model reach the transcript, the key goes only in the
// Authorization header and never to stdout or stderr; a bad GROQ_BASE_URL stops start-up with one line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GroqLikeServer, fakeReply } from '../../transport/index.ts';
import { piyasa, roundTheClockDemo } from './piyasa-run.ts';

const KEY = 'gsk_cliTESTkey9876543210zyxw';

/** `piyasa start … --memory` (the LLM is what is under test here, not the database). */
const start = (args: string[], env: Record<string, string>, until?: (stdout: string) => boolean) =>
  piyasa([...args, '--memory'], { env, ...(until ? { until } : {}), timeoutMs: 40_000 });

/** The local Groq-compatible server, keeping every line its model wrote. */
function modelServer(): { server: GroqLikeServer; texts: string[] } {
  const texts: string[] = [];
  const server = new GroqLikeServer({ apiKey: KEY, reply: (body, n) => {
    const t = fakeReply(body, n);
    texts.push(t);
    return t;
  } });
  return { server, texts };
}

test('start with GROQ_API_KEY: the model writes lines of the transcript; the key is never printed', async () => {
  const { server, texts } = modelServer();
  const baseURL = await server.listen();
  try {
    const fromModel = (out: string): boolean => texts.some((t) => out.includes(t.slice(0, 30)));
    const run = await start(['start', '--config', roundTheClockDemo(), '--seed', '3', '--speed', '40', '--log-level', 'debug'], { GROQ_API_KEY: KEY, GROQ_BASE_URL: baseURL }, fromModel);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Groq at ${baseURL.replace(/[.]/g, '\\.')}: openai/gpt-oss-120b for answers, openai/gpt-oss-20b for banter`));
    assert.ok(fromModel(run.stdout), 'no line from the model in the transcript');
    const used = /LLM: (\d+) drafts \(smart (\d+), fast (\d+), offline (\d+)\), (\d+) calls/.exec(run.stdout);
    assert.ok(used, 'no LLM summary at stop');
    // (one request may be on the wire when Ctrl+C comes)
    assert.ok(Math.abs(Number(used[5]) - server.requests.length) <= 1, `counted ${used[5]} calls, the server saw ${server.requests.length}`);
    assert.ok(server.requests.length >= 1);
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${KEY}`));
    assert.not.ok(run.stdout.includes(KEY) || run.stderr.includes(KEY), 'the key was printed');
    assert.not.ok(run.stderr.includes('cliTESTkey'), 'part of the key was printed');
  } finally {
    await server.close();
  }
});

test('start --shards 2 with GROQ_API_KEY: the shards write through the LLM on one shared quota', async () => {
  const { server, texts } = modelServer();
  const baseURL = await server.listen();
  try {
    const fromModel = (out: string): number => texts.filter((t) => out.includes(t.slice(0, 30))).length;
    const run = await start(['start', '--config', roundTheClockDemo(), '--seed', '4', '--speed', '40', '--shards', '2'], { GROQ_API_KEY: KEY, GROQ_BASE_URL: baseURL }, (out) => fromModel(out) >= 2);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /for banter, offline generator as fallback \(one quota shared by the 2 shards\)/);
    assert.ok(fromModel(run.stdout) >= 2, 'no lines from the model in the transcript');
    assert.not.ok(run.stdout.includes(KEY) || run.stderr.includes(KEY), 'the key was printed');
  } finally {
    await server.close();
  }
});

test('a bad GROQ_BASE_URL or model id stops start-up with one line naming the variable', async () => {
  const bad = await start(['start'], { GROQ_API_KEY: KEY, GROQ_BASE_URL: 'ftp//nope' });
  assert.is(bad.code, 2);
  assert.match(bad.stderr.trim(), /^piyasa: invalid environment: GROQ_BASE_URL: must be an http\(s\) URL/);
  assert.is(bad.stderr.trim().split('\n').length, 1);
  assert.not.ok(bad.stderr.includes(KEY));
  const model = await start(['start'], { PIYASA_MODEL_FAST: 'bad model!' });
  assert.is(model.code, 2);
  assert.match(model.stderr, /PIYASA_MODEL_FAST: must be a model id/);
});

test.run();
