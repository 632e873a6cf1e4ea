// `piyasa cmd` as an operator runs it, against a node on a nats-server of the test's own: the JSON
// answer printed and exit 0; ok:false exits 1; no answer, bad JSON, a missing NATS_URL exit 2 with
// one line; --watch follows the chat's said and heard events until Ctrl+C.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startNatsServer, type TestNatsServer } from './nats-server.ts';
import { startCommandNode, type CommandNodeFixture } from './commands-fixture.ts';
import { piyasa } from './piyasa-run.ts';

let server: TestNatsServer;
let f: CommandNodeFixture;
let env: NodeJS.ProcessEnv;

test.before(async () => {
  server = await startNatsServer();
  f = await startCommandNode(server.url);
  env = { NATS_URL: server.url };
});

test.after(async () => {
  await f?.stop();
  await server?.stop();
});

test('an answer ok: printed as JSON, exit 0 (a bare word is the cmd)', async () => {
  const r = await piyasa(['cmd', 'demo', 'status'], { env });
  assert.is(r.code, 0, r.stderr);
  const answer = JSON.parse(r.stdout) as { ok: boolean; chat: string; members: unknown[] };
  assert.equal([answer.ok, answer.chat, answer.members.length], [true, 'demo', 6]);
  const cluster = await piyasa(['cmd', 'cluster', '{"cmd":"status"}'], { env });
  assert.is(cluster.code, 0, cluster.stderr);
  assert.is((JSON.parse(cluster.stdout) as { node: string }).node, 'node-a');
});

test('ok:false exits 1 with the answer printed; no answer and bad input exit 2 with one line', async () => {
  const refused = await piyasa(['cmd', 'demo', '{"cmd":"dance"}'], { env });
  assert.is(refused.code, 1);
  assert.match((JSON.parse(refused.stdout) as { error: string }).error, /^unknown chat command "dance"/);

  const bad = await piyasa(['cmd', 'demo', '{"cmd": "pause",'], { env });
  assert.is(bad.code, 2);
  assert.match(bad.stderr.trim(), /^piyasa cmd: the body is not valid JSON \(.+\); e\.g\. '\{"cmd":"status"\}'$/);
  assert.is(f.audit.lines.filter((l) => l.fields?.cmd === 'pause').length, 0, 'nothing was sent');

  const nobody = await piyasa(['cmd', 'other.subject.cmd', '{"cmd":"status"}', '--timeout', '2000'], { env });
  assert.is(nobody.code, 2);
  assert.match(nobody.stderr.trim(), /^piyasa cmd: other\.subject\.cmd: (no node is listening|no answer within 2000 ms)$/);

  const noUrl = await piyasa(['cmd', 'demo', 'status'], { env: { NATS_URL: '' } });
  assert.is(noUrl.code, 2);
  assert.match(noUrl.stderr.trim(), /^piyasa cmd: NATS_URL is not set/);
});

test('--watch follows the chat: a person heard, a bot said, until Ctrl+C', async () => {
  const group = f.t.chatIds.get('demo')!;
  const r = await piyasa(['cmd', '--watch', 'demo', '--json'], {
    env, timeoutMs: 60_000,
    onSpawn: (child) => child.stderr!.once('data', () => setTimeout(() => f.t.sandbox!.human({ chatId: group, username: 'deniz', text: '@ayse_scalp_bot bugün ne aldın?' }), 300)),
    until: (out) => out.includes('"event":"heard"') && out.includes('"event":"said"'),
  });
  assert.is(r.code, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; chat: string; text: string });
  assert.ok(events.some((e) => e.event === 'heard' && e.text === '@ayse_scalp_bot bugün ne aldın?'));
  assert.ok(events.every((e) => e.chat === 'demo'));
});

test.run();
