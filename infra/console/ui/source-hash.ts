// The fingerprint of the console's front-end sources: the build writes it into dist/build-info.json,
// and a test recomputes it, so built assets older than their sources fail the tests.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This folder: infra/console/ui. */
export const UI_ROOT = path.dirname(fileURLToPath(import.meta.url));

const INPUTS = ['index.html', 'vite.config.ts', 'tsconfig.json', 'src'];

function files(rel: string): string[] {
  const full = path.join(UI_ROOT, rel);
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full).sort().flatMap((name) => files(path.posix.join(rel, name)));
}

/** sha256 over every source file (path and bytes, line endings normalised) and the versions of
 * the build tools that turn them into dist/. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const rel of INPUTS.flatMap(files)) {
    hash.update(`${rel}\0`);
    hash.update(readFileSync(path.join(UI_ROOT, rel), 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  const lock = JSON.parse(readFileSync(path.join(UI_ROOT, '../../../package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  for (const pkg of ['vite', 'preact']) hash.update(`${pkg}@${lock.packages[`node_modules/${pkg}`]?.version ?? '?'}\0`);
  return hash.digest('hex');
}
