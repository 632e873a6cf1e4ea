// The `piyasa` command as a user runs it: help, a bad config stopping start-up with one clear line,
// and `start` printing a live transcript and stopping cleanly on Ctrl+C (SIGINT).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { piyasa, root, roundTheClockDemo } from './piyasa-run.ts';

test('piyasa --help lists the commands; each command has --help', async () => {
  const top = await piyasa(['--help']);
  assert.is(top.code, 0);
  assert.match(top.stdout, /start/);
  assert.match(top.stdout, /bench/);
  const start = await piyasa(['start', '--help']);
  assert.is(start.code, 0);
  assert.match(start.stdout, /--config FILE/);
  const unknown = await piyasa(['dance']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "dance"/);
});

test('an invalid config stops start-up with one line naming the file, the field and the rule', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-cli-'));
  try {
    const demo = readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8');
    const cases: [string, RegExp][] = [
      [demo.replace('hourlyLimit: 12', 'hourlyLimt: 12'), /bad\.yaml: bots\[0\]\.hourlyLimt: unknown field \(did you mean "hourlyLimit"\?\)/],
      [demo.replace(/activeHours: \[[^\]]*"09:00-12:00"/, 'activeHours: ["25:00-26:00"'), /bad\.yaml: bots\[0\]\.activeHours\[0\]: .*25:00-26:00/],
      [demo.replace('hourlyLimit: 12', 'hourlyLimit: 0'), /bad\.yaml: bots\[0\]\.hourlyLimit: must be between 1 and 3600 \(got 0\)/],
      [demo.replace('replyTo: h2', 'replyTo: h9'), /bad\.yaml: chats\[0\]\.script\[\d\]\.replyTo: .*"h9"/],
    ];
    for (const [text, expected] of cases) {
      const file = path.join(dir, 'bad.yaml');
      writeFileSync(file, text);
      const r = await piyasa(['start', '--config', file]);
      assert.is(r.code, 2, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.is(lines.length, 1, r.stderr);
      assert.match(lines[0]!, expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('start prints the live transcript and stops cleanly on SIGINT', async () => {
  const r = await piyasa(['start', '--config', roundTheClockDemo(), '--memory', '--speed', '60', '--seed', '5'], { until: /(\n.*#\d+ .*){3}/ });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /seed 5/);
  assert.match(r.stdout, /the Telegram sandbox/);
  assert.match(r.stdout, /Sandbox: the group live at http:\/\/127\.0\.0\.1:\d+/);
  const lines = r.stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d /.test(l));
  assert.ok(lines.length >= 3, r.stdout);
  assert.match(r.stdout, /stopped: \d+ messages sent, \d+ dead letters\./);
});

test.run();
