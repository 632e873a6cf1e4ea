// Runs every test file with uvu (as ESM through tsx) and ends with the plain line CI reads:
// "N passed, N failed". Exits non-zero on any failure and when no test ran.
// Usage: npm test [-- <regex on file paths>]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
// Screenshots and other files tests write live under test/artifacts/: never loaded as tests.
const child = spawn(process.execPath, ['--import', 'tsx', uvu, 'test', pattern, '--ignore', 'artifacts', '--no-color'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_COLOR: '1' },
});

let out = '';
child.stdout.on('data', (chunk: Buffer) => {
  out += chunk.toString();
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const num = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1] ?? 0);
  const total = num('Total');
  const passed = num('Passed');
  const skipped = num('Skipped');
  const failed = Math.max(total - passed - skipped, code === 0 ? 0 : 1);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (total === 0) console.error('no test ran');
  process.exit(code !== 0 || failed > 0 || total === 0 ? 1 : 0);
});
