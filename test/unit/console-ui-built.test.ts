// The console's front end is shipped built (infra/console/ui/dist, committed) so `npm install && npm
// start` needs no build step; this fails when the built files are older than their sources or the
// build tools' versions — run `npm run build:console` and commit dist/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UI_ROOT, sourceHash } from '../../infra/console/ui/source-hash.ts';

test('dist/ was built from the current sources (else: npm run build:console)', () => {
  const info = path.join(UI_ROOT, 'dist', 'build-info.json');
  assert.ok(existsSync(info), 'infra/console/ui/dist/build-info.json is missing: run npm run build:console');
  const built = (JSON.parse(readFileSync(info, 'utf8')) as { sources: string }).sources;
  assert.is(built, sourceHash(), 'the console\'s built assets are stale: run npm run build:console and commit infra/console/ui/dist');
});

test('index.html names assets that exist', () => {
  const html = readFileSync(path.join(UI_ROOT, 'dist', 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), html);
  for (const a of assets) assert.ok(existsSync(path.join(UI_ROOT, 'dist', a)), a);
});

test.run();
