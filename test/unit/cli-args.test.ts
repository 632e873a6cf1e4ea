// The command line checked before anything runs: unknown flags refused with the nearest known one,
// values checked against each flag's type and range, every bad input one line and exit code 2.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkInvocation, type Invocation } from '../../infra/cli/cli.ts';
import { BENCHES, COMMANDS } from '../../infra/cli/commands.ts';

const refused = (argv: string[]): string => {
  const inv: Invocation = checkInvocation(argv);
  assert.is(inv.kind, 'exit', argv.join(' '));
  if (inv.kind !== 'exit') return '';
  assert.is(inv.code, 2, argv.join(' '));
  return inv.stderr ?? '';
};

test('the issue\'s cases: --spede, --port 99999, a bad value', () => {
  assert.is(refused(['start', '--spede', '20']), 'piyasa start: unknown flag --spede (did you mean --speed?)');
  assert.is(refused(['start', '--port', '99999']), 'piyasa start: --port: must be an integer between 0 and 65535 (got "99999")');
  assert.is(refused(['start', '--speed', 'fast']), 'piyasa start: --speed: must be a number between 0.1 and 1000 (got "fast")');
  assert.is(refused(['sandbox', '--port', '-1']), 'piyasa sandbox: --port: needs a value (one starting with "-" is written --port=-…)');
  assert.is(refused(['sandbox', '--port=-1']), 'piyasa sandbox: --port: must be an integer between 0 and 65535 (got "-1")');
});

test('switches, repeats, positionals, choices and per-benchmark flags', () => {
  assert.is(refused(['start', '--memory=yes']), 'piyasa start: --memory: takes no value');
  assert.is(refused(['start', '--seed', '1', '--seed', '2']), 'piyasa start: --seed: given twice');
  assert.is(refused(['start', 'now']), 'piyasa start: unexpected argument "now" (this command takes only flags)');
  assert.is(refused(['start', '--log-level', 'loud']), 'piyasa start: --log-level: must be one of debug, info, warn, error, silent (got "loud")');
  assert.is(refused(['start', '--config']), 'piyasa start: --config: needs a value');
  assert.is(refused(['start', '--config=']), 'piyasa start: --config: needs a value');
  assert.is(refused(['bench', 'llm', '--messages', '5']), 'piyasa bench: unknown flag --messages');
  assert.is(refused(['bench', 'warp']), `piyasa bench: unknown benchmark "warp" (available: ${Object.keys(BENCHES).join(', ')})`);
  assert.is(refused(['migrate', 'apply', 'now']), 'piyasa migrate: unexpected argument "now"');
  assert.is(refused(['launch']), `piyasa: unknown command "launch" (try: ${Object.keys(COMMANDS).join(', ')})`);
  assert.is(refused(['start', '--shards', '2', '--telegram', 'auto']), 'piyasa start: --shards: runs on the in-memory Telegram only for now (add --telegram memory)');
});

test('a bad config file is refused by the same check, naming the file', () => {
  assert.is(refused(['start', '--config', '/nonexistent/p.yaml']), 'piyasa: invalid config: /nonexistent/p.yaml: no such file');
  assert.is(refused(['sandbox', '--config', '/nonexistent/p.yaml']), 'piyasa: invalid config: /nonexistent/p.yaml: no such file');
});

test('good command lines pass to their command; --help prints its usage', () => {
  const ok = checkInvocation(['start', '--memory', '--speed', '10', '--seed=3', '--telegram', 'memory']);
  assert.is(ok.kind, 'run');
  if (ok.kind === 'run') assert.equal(ok.flags, { memory: true, speed: '10', seed: '3', telegram: 'memory' });
  const bench = checkInvocation(['bench', 'engine', '--chats', '10']);
  assert.ok(bench.kind === 'run' && bench.rest[0] === 'engine');
  const help = checkInvocation(['start', '-h']);
  assert.ok(help.kind === 'exit' && help.code === 0 && /--config FILE/.test(help.stdout ?? ''));
});

test.run();
