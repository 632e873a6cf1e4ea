// `piyasa trace <message id | trace id>`: the trace id, its Jaeger link (JAEGER_URL) and its span
// tree — from Jaeger's query API when it answers, else from the node's own store of recent traces
// (its HTTP routes). A message id is looked up on the node, then in the database (DATABASE_URL).
import { otelSettings, httpPort, storageEnv } from '../config/index.ts';
import { jaegerTraceUrl } from '../telemetry/index.ts';
import type { Flags } from './args.ts';
import { stringFlag } from './args.ts';

/** One span of the tree, whichever source it came from. */
export interface TreeSpan {
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** Epoch ms. */
  readonly start: number;
  readonly durationMs: number;
  readonly error?: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly node?: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/i;
const SHOWN = ['piyasa.turn.speaker', 'piyasa.turn.why', 'piyasa.turn.outcome', 'piyasa.message.id', 'piyasa.message.from', 'piyasa.compose.topic', 'piyasa.compose.outcome',
  'piyasa.llm.tier', 'gen_ai.request.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'http.response.status_code', 'telegram.retry_after', 'piyasa.outbox.claim'];

/** The tree as indented lines: name, duration, offset from the trace's start, key attributes. */
export function formatTree(spans: readonly TreeSpan[]): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TreeSpan[]>();
  for (const s of spans) {
    const p = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : '';
    children.set(p, [...(children.get(p) ?? []), s]);
  }
  const t0 = Math.min(...spans.map((s) => s.start));
  const lines: string[] = [];
  const walk = (s: TreeSpan, depth: number): void => {
    const attrs = SHOWN.filter((k) => s.attributes[k] !== undefined).map((k) => `${k.replace(/^(piyasa|gen_ai)\./, '')}=${String(s.attributes[k])}`);
    if (s.error) attrs.push(`error: ${s.error}`);
    lines.push(`${'  '.repeat(depth)}${s.name}  ${s.durationMs.toFixed(1)} ms  (+${(s.start - t0).toFixed(1)} ms)${s.node ? `  [${s.node}]` : ''}${attrs.length ? `  ${attrs.join('  ')}` : ''}`);
    for (const c of (children.get(s.spanId) ?? []).sort((a, b) => a.start - b.start)) walk(c, depth + 1);
  };
  for (const r of (children.get('') ?? []).sort((a, b) => a.start - b.start)) walk(r, 0);
  return lines;
}

interface JaegerSpan {
  spanID: string; operationName: string; startTime: number; duration: number; processID?: string;
  references?: { refType: string; spanID: string }[]; tags?: { key: string; value: unknown }[];
}

/** Jaeger's query API (GET /api/traces/<id>) as tree spans; undefined when Jaeger does not have it. */
export async function fromJaeger(jaegerUrl: string, traceId: string, timeoutMs = 3_000): Promise<TreeSpan[] | undefined> {
  const res = await fetch(`${jaegerUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) return undefined;
  const body = await res.json() as { data?: { spans?: JaegerSpan[]; processes?: Record<string, { serviceName?: string; tags?: { key: string; value: unknown }[] }> }[] };
  const trace = body.data?.[0];
  if (!trace?.spans?.length) return undefined;
  return trace.spans.map((s) => {
    const tags = Object.fromEntries((s.tags ?? []).filter((t) => ['string', 'number', 'boolean'].includes(typeof t.value)).map((t) => [t.key, t.value as string | number | boolean]));
    const parent = s.references?.find((r) => r.refType === 'CHILD_OF')?.spanID;
    const process = s.processID ? trace.processes?.[s.processID] : undefined;
    const node = process?.tags?.find((t) => t.key === 'service.instance.id')?.value;
    return {
      spanId: s.spanID, name: s.operationName, start: s.startTime / 1000, durationMs: s.duration / 1000, attributes: tags,
      ...(parent ? { parentSpanId: parent } : {}), ...(tags.error === true || tags['otel.status_code'] === 'ERROR' ? { error: String(tags['otel.status_description'] ?? 'error') } : {}),
      ...(typeof node === 'string' ? { node } : {}),
    };
  });
}

/** The node's store (GET /api/traces/<id>). */
export async function fromNode(nodeUrl: string, traceId: string): Promise<TreeSpan[] | undefined> {
  const res = await fetch(`${nodeUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(3_000) });
  if (!res.ok) return undefined;
  const body = await res.json() as { spans?: (TreeSpan & { status?: string; statusMessage?: string })[] };
  return body.spans?.map((s) => ({ ...s, ...(s.status === 'error' ? { error: s.statusMessage ?? 'error' } : {}) }));
}

/** A message's trace id: the node's store, then the database. */
async function lookup(nodeUrl: string, chat: string, messageId: number, why: string[]): Promise<string | undefined> {
  try {
    const res = await fetch(`${nodeUrl}/api/traces/lookup?chat=${encodeURIComponent(chat)}&message=${messageId}`, { signal: AbortSignal.timeout(3_000) });
    const body = await res.json() as { traceId?: string; error?: string };
    if (body.traceId) return body.traceId;
    why.push(`the node: ${body.error ?? res.status}`);
  } catch (error) {
    why.push(`the node at ${nodeUrl} does not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  const url = storageEnv().databaseUrl;
  if (!url) return undefined;
  const { Database } = await import('../../persistence/index.ts');
  const db = await Database.open(url);
  try {
    const rows = await db.orm.em.getConnection().execute<{ trace_id: string | null }[]>(
      'select trace_id from messages where chat_id = ? and telegram_message_id = ? order by id desc limit 1', [chat, messageId]);
    if (rows[0]?.trace_id) return rows[0].trace_id;
    why.push(rows.length ? 'the database: the message has no trace id' : `the database: no message ${messageId} in chat ${chat}`);
  } finally {
    await db.close();
  }
  return undefined;
}

export async function traceCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const what = rest[0];
  const bad = (why: string): number => {
    console.error(`piyasa trace: ${why}`);
    return 2;
  };
  if (!what || rest.length > 1) return bad('give one message id or trace id: piyasa trace <message id | trace id>');
  const nodeUrl = stringFlag(flags, 'node', `http://127.0.0.1:${httpPort() ?? 8080}`).replace(/\/+$/, '');
  const jaegerUrl = (flags.jaeger !== undefined ? stringFlag(flags, 'jaeger', '') : otelSettings().jaegerUrl ?? '').replace(/\/+$/, '');
  let traceId: string | undefined;
  if (TRACE_ID.test(what)) traceId = what.toLowerCase();
  else if (/^\d+$/.test(what)) {
    const chat = stringFlag(flags, 'chat', 'demo');
    const why: string[] = [];
    traceId = await lookup(nodeUrl, chat, Number(what), why);
    if (!traceId) {
      console.error(`piyasa trace: no trace found for message ${what} in chat ${chat}: ${why.join('; ')}`);
      return 1;
    }
  } else return bad(`"${what}" is neither a trace id (32 hex digits) nor a message id (a number)`);

  console.log(`trace ${traceId}`);
  if (jaegerUrl) console.log(`jaeger: ${jaegerTraceUrl(jaegerUrl, traceId)}`);
  const tried: string[] = [];
  let spans: TreeSpan[] | undefined;
  let source = '';
  if (jaegerUrl) {
    spans = await fromJaeger(jaegerUrl, traceId).catch((e: unknown) => void tried.push(`Jaeger does not answer (${e instanceof Error ? e.message : String(e)})`));
    if (spans) source = `Jaeger at ${jaegerUrl}`;
    else if (!tried.length) tried.push('Jaeger does not have it (yet)');
  }
  if (!spans) {
    spans = await fromNode(nodeUrl, traceId).catch((e: unknown) => void tried.push(`the node at ${nodeUrl} does not answer (${e instanceof Error ? e.message : String(e)})`));
    if (spans) source = `the node at ${nodeUrl}${jaegerUrl ? ` (${tried.join('; ')})` : ''}`;
    else if (tried.length < (jaegerUrl ? 2 : 1)) tried.push(`the node at ${nodeUrl} does not have it (it keeps the last traces only)`);
  }
  if (!spans) {
    console.error(`piyasa trace: no spans of ${traceId}: ${tried.join('; ')}`);
    return 1;
  }
  console.log(`spans from ${source}:`);
  for (const line of formatTree(spans)) console.log(`  ${line}`);
  return 0;
}
