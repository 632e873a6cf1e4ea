// The node's trace view over HTTP, from its in-process store: GET /api/traces (recent traces and the
// Jaeger link), /api/traces/<trace id> (its spans), /api/traces/lookup?chat=&message= (the trace of a
// message, by the config's chat id or Telegram's). The page's waterfall and `piyasa trace` read them.
import type { HttpRoute } from '../../transport/index.ts';
import { sendJson } from '../../transport/index.ts';
import type { RecentSpans } from './recent.ts';

const TRACE_ID = /^[0-9a-f]{32}$/i;

/** Jaeger's page of a trace. */
export const jaegerTraceUrl = (jaegerUrl: string, traceId: string): string => `${jaegerUrl}/trace/${traceId.toLowerCase()}`;

export function traceRoutes(recent: RecentSpans, opts: { readonly jaegerUrl?: string; readonly nodeId: string }): HttpRoute[] {
  const jaeger = (traceId: string) => (opts.jaegerUrl ? { jaeger: jaegerTraceUrl(opts.jaegerUrl, traceId) } : {});
  return [
    { method: 'GET', path: '/api/traces', handle: (_req, res) => sendJson(res, 200, { node: opts.nodeId, ...(opts.jaegerUrl ? { jaegerUrl: opts.jaegerUrl } : {}), traces: recent.recent() }) },
    {
      method: 'GET', path: '/api/traces/lookup',
      handle: (_req, res, url) => {
        const chat = url.searchParams.get('chat') ?? '';
        const message = Number(url.searchParams.get('message'));
        if (chat === '' || !Number.isSafeInteger(message)) return sendJson(res, 400, { ok: false, error: 'chat and message (a number) are required' });
        const traceId = recent.traceOf(chat, message);
        if (!traceId) return sendJson(res, 404, { ok: false, error: `no trace of message ${message} in chat ${chat} on this node (it keeps the last traces only)` });
        sendJson(res, 200, { ok: true, traceId, ...jaeger(traceId) });
      },
    },
    {
      method: 'GET', path: /^\/api\/traces\/([0-9a-fA-F]{32})$/,
      handle: (_req, res, _url, match) => {
        const traceId = match![1]!.toLowerCase();
        const spans = TRACE_ID.test(traceId) ? recent.trace(traceId) : undefined;
        if (!spans) return sendJson(res, 404, { ok: false, error: `trace ${traceId} is not on this node (it keeps the last traces only)`, ...jaeger(traceId) });
        sendJson(res, 200, { ok: true, traceId, node: opts.nodeId, ...jaeger(traceId), spans });
      },
    },
  ];
}
