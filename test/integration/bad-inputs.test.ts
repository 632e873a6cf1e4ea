// 1,000 generated bad configs and command lines (seeded): each is refused with one line naming the
// file or the flag and exit code 2, no stack trace, nothing started. Most go through checkInvocation
// in-process (the function the CLI runs first); a sample goes through the real `piyasa` process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRng } from '../../actors/index.ts';
import { checkInvocation } from '../../infra/cli/cli.ts';
import { badConfigs, badFlagSets, type BadConfig, type BadFlags } from './bad-inputs.ts';
import { piyasa } from './piyasa-run.ts';

const SEED = Number(process.env.PIYASA_BAD_INPUT_SEED ?? 13);
const CONFIGS = 700;
const FLAG_SETS = 300;
const CLI_SAMPLE = 30;

const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-hardening-bad-'));
const home = path.join(dir, 'home');
const rng = seededRng(SEED);
const configs = badConfigs(CONFIGS, rng.fork('configs'));
const flagSets = badFlagSets(FLAG_SETS, rng.fork('flags'));
const files = configs.map((c, i) => {
  const file = path.join(dir, `bad-${i}.yaml`);
  writeFileSync(file, c.text);
  return file;
});

/** The command line of bad config `i`: `start` mostly, `sandbox` for every fifth. */
const configArgv = (i: number): string[] => (i % 5 === 4 ? ['sandbox', '--config', files[i]!, '--port', '0'] : ['start', '--config', files[i]!, '--data-dir', home]);

/** The checks every refusal must pass; returns what went wrong, if anything. */
function judge(code: number | null, stderr: string, names: string, label: string): string | undefined {
  const lines = stderr.replace(/\n$/, '').split('\n');
  if (code !== 2) return `${label}: exit code ${code} (${stderr.slice(0, 200)})`;
  if (lines.length !== 1) return `${label}: ${lines.length} lines on stderr: ${stderr.slice(0, 300)}`;
  if (/\n\s+at |Error:|node:internal/.test(stderr)) return `${label}: a stack trace or raw error: ${stderr.slice(0, 300)}`;
  if (!lines[0]!.startsWith('piyasa')) return `${label}: does not start with "piyasa": ${lines[0]}`;
  if (!lines[0]!.includes(names)) return `${label}: does not name ${names}: ${lines[0]!.slice(0, 300)}`;
  if (lines[0]!.length > 500) return `${label}: a line of ${lines[0]!.length} characters`;
  return undefined;
}

const describeConfig = (c: BadConfig, i: number): string => `config #${i} (${c.kind}: ${c.what.slice(0, 120)}; seed ${SEED})`;
const describeFlags = (f: BadFlags): string => `flags (${f.kind}: piyasa ${f.argv.join(' ').slice(0, 200)}; seed ${SEED})`;

test(`${CONFIGS} bad configs, checked in-process as the CLI checks them: one line naming the file, exit 2`, () => {
  const problems: string[] = [];
  const kinds = new Map<string, number>();
  configs.forEach((c, i) => {
    const inv = checkInvocation(configArgv(i));
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    if (inv.kind !== 'exit') return problems.push(`${describeConfig(c, i)}: accepted`);
    const wrong = judge(inv.code, inv.stderr ?? '', files[i]!, describeConfig(c, i));
    if (wrong) problems.push(wrong);
    else if (!inv.stderr!.startsWith(`piyasa: invalid config: ${files[i]}: `)) problems.push(`${describeConfig(c, i)}: ${inv.stderr}`);
  });
  assert.equal(problems, [], problems.slice(0, 5).join('\n'));
  assert.ok(kinds.size >= 12, `only ${kinds.size} kinds of mistake`);
  console.log(`  ${CONFIGS} bad configs refused: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
});

test(`${FLAG_SETS} bad command lines, checked in-process: one line naming the flag or word, exit 2`, () => {
  const problems: string[] = [];
  for (const f of flagSets) {
    const inv = checkInvocation(f.argv);
    if (inv.kind !== 'exit') {
      problems.push(`${describeFlags(f)}: accepted`);
      continue;
    }
    const wrong = judge(inv.code, inv.stderr ?? '', f.names, describeFlags(f));
    if (wrong) problems.push(wrong);
  }
  assert.equal(problems, [], problems.slice(0, 5).join('\n'));
});

/** Processes whose command line mentions `text` (this test's own directory). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(text)) found.push(`${pid}: ${cmd.slice(0, 120)}`);
    } catch {
      // gone already
    }
  }
  return found;
}

test(`a sample of ${CLI_SAMPLE} through the real piyasa process: exit 2, one line, nothing on stdout, nothing left running`, async () => {
  const pick = seededRng(SEED).fork('sample');
  const sample: { argv: readonly string[]; names: string; label: string }[] = [];
  for (let k = 0; k < CLI_SAMPLE; k++) {
    if (k % 2 === 0) {
      const i = pick.int(configs.length);
      sample.push({ argv: configArgv(i), names: files[i]!, label: describeConfig(configs[i]!, i) });
    } else {
      const f = flagSets[pick.int(flagSets.length)]!;
      sample.push({ argv: f.argv, names: f.names, label: describeFlags(f) });
    }
  }
  const problems: string[] = [];
  const queue = [...sample];
  await Promise.all(Array.from({ length: 3 }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const r = await piyasa(s.argv, { timeoutMs: 60_000 });
      const wrong = judge(r.code, r.stderr, s.names, s.label) ?? (r.stdout !== '' ? `${s.label}: printed ${r.stdout.slice(0, 200)}` : undefined);
      if (wrong) problems.push(wrong);
    }
  }));
  assert.equal(problems, [], problems.slice(0, 5).join('\n'));
  assert.equal(processesMentioning(dir), [], 'a process of the sample is still running');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
