#!/usr/bin/env node
// The `piyasa` command: runs the TypeScript CLI through tsx on Node 22.17+. On an older Node it
// re-runs itself on the Node the project installs (the `node` dev dependency), if present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  const local = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(local)) {
    console.error(`piyasa: needs Node 22.17 or newer (this is ${process.version}); run "npm install" in ${root} or install a newer Node`);
    process.exit(1);
  }
  const r = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
await import(path.join(root, 'infra', 'cli', 'main.ts'));
