// Builds the console's front end (Preact, TSX) into dist/, which is committed and served by the node
// under /console: `npm run build:console`. Relative asset paths, so any prefix works.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';
import { UI_ROOT, sourceHash } from './source-hash.ts';

export default defineConfig({
  root: UI_ROOT,
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, assetsInlineLimit: 0 },
  plugins: [{
    name: 'piyasa-build-info',
    closeBundle() {
      writeFileSync(path.join(UI_ROOT, 'dist', 'build-info.json'), `${JSON.stringify({ sources: sourceHash() }, null, 2)}\n`);
    },
  }],
});
