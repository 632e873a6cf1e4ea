// Checks for the routes a browser uses (a page, its event stream, its JSON API): the Host header must
// be one of ours (a DNS-rebinding page sends its own name) and a browser request must come from our
// own origin (Sec-Fetch-Site, Origin); a write must be JSON, which no cross-origin form can send.
import type { IncomingMessage } from 'node:http';
import { sendJson, type HttpHandler } from './router.ts';

/** Host names a local server answers to unless told more. */
export const LOCAL_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

export interface BrowserGuard {
  /** Host names (no port) the server answers browsers on. */
  readonly hosts: ReadonlySet<string>;
  /** Refusals so far, by reason (tests and logs read it). */
  readonly refused: Map<string, number>;
}

/** A guard for `hosts` (LOCAL_HOSTS when empty) plus the address the server binds, when it is one. */
export function browserGuard(hosts: readonly string[] = [], bindHost?: string): BrowserGuard {
  const all = new Set([...LOCAL_HOSTS, ...hosts].map((h) => h.toLowerCase()));
  if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::') all.add(bindHost.toLowerCase());
  return { hosts: all, refused: new Map() };
}

/** The host name of a Host header ("[::1]:8080" → "::1"), lower case; undefined when malformed. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/\s@]+))(?::\d{1,5})?$/.exec(header.trim());
  return (m?.[1] ?? m?.[2])?.toLowerCase();
}

/** What a route does: serves a page a link may open (`page`), answers with data (`read`), or changes
 * state (`write`). */
export type RouteKind = 'page' | 'read' | 'write';

/** Why `req` is refused, or undefined when it may go on. */
export function refusal(req: IncomingMessage, guard: BrowserGuard, kind: RouteKind): string | undefined {
  const host = req.headers.host;
  const name = hostName(host);
  if (!name || !guard.hosts.has(name)) return 'host';
  const site = req.headers['sec-fetch-site'];
  const navigation = kind === 'page' && req.headers['sec-fetch-mode'] === 'navigate' && req.headers['sec-fetch-dest'] === 'document';
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation) return 'cross-site';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) return 'origin';
  if (kind === 'write' && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return 'content-type';
  return undefined;
}

const REASONS: Record<string, string> = {
  host: 'this server answers only under its own host names (set PIYASA_HTTP_ALLOWED_HOSTS to add one)',
  'cross-site': 'requests from another site are refused',
  origin: 'requests from another origin are refused',
  'content-type': 'a write must be application/json',
};

/** Wraps `handle`: a request `refusal` refuses gets 403 with the reason and is counted. */
export function guarded(guard: BrowserGuard, kind: RouteKind, handle: HttpHandler): HttpHandler {
  return (req, res, url, match) => {
    const why = refusal(req, guard, kind);
    if (why === undefined) return handle(req, res, url, match);
    guard.refused.set(why, (guard.refused.get(why) ?? 0) + 1);
    req.resume();
    sendJson(res, 403, { ok: false, error: REASONS[why] });
  };
}
