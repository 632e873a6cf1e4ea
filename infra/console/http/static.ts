// The console's built front end (infra/console/ui/dist, committed): index.html and hashed assets,
// served from memory with content types, a strict Content-Security-Policy and long caching for the
// hashed files. Paths outside the folder are never served.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:console` writes the front end. */
export const UI_DIST = fileURLToPath(new URL('../ui/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

interface File {
  readonly body: Buffer;
  readonly type: string;
}

function walk(dir: string, base = dir, out = new Map<string, File>()): Map<string, File> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, base, out);
    else out.set(`/${path.relative(base, full).split(path.sep).join('/')}`, { body: readFileSync(full), type: TYPES[path.extname(name)] ?? 'application/octet-stream' });
  }
  return out;
}

/** Serves the built UI; `rel` is the path below the console's prefix ("/" is index.html). */
export function staticFiles(dir = UI_DIST): (rel: string, res: ServerResponse) => boolean {
  const files = existsSync(dir) ? walk(dir) : new Map<string, File>();
  return (rel, res) => {
    const file = files.get(rel === '/' || rel === '' ? '/index.html' : rel);
    if (!file) return false;
    const html = file.type.startsWith('text/html');
    res.writeHead(200, {
      'content-type': file.type, 'content-length': file.body.length, 'x-content-type-options': 'nosniff',
      'cache-control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
      ...(html ? { 'content-security-policy': CSP, 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' } : {}),
    });
    res.end(file.body);
    return true;
  };
}
