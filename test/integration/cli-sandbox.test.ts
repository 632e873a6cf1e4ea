// `piyasa sandbox` as a user runs it: it prints its address and sandbox-only tokens, answers the Bot
// API for them (a distinct getMe each), serves the page, and stops cleanly on Ctrl+C.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('piyasa sandbox serves the Bot API for the tokens it prints, and the page', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'infra/cli/main.ts'), 'sandbox', '--port', '0'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up output: ${out} ${err}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/@fatma_temettu_bot\s+\S+/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await ready;
    const url = /sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const tokens = [...out.matchAll(/@(\w+)\s+(\d+:\S+)/g)].map((m) => ({ handle: m[1]!, token: m[2]! }));
    assert.is(tokens.length, 6);
    for (const t of tokens) {
      const me = await (await fetch(`${url}/bot${t.token}/getMe`)).json() as { result: { username: string } };
      assert.is(me.result.username, t.handle);
    }
    assert.match(await (await fetch(`${url}/`)).text(), /Piyasa sandbox/);
    assert.match(out, /groups: Piyasa Sohbet \(-1001000000001\)/);
    const state = await (await fetch(`${url}/api/state`)).json() as { cards: { username: string }[] };
    assert.equal(state.cards.map((c) => c.username), tokens.map((t) => t.handle));
  } finally {
    child.kill('SIGINT');
  }
  assert.is(await exited, 0, err);
});

test.run();
