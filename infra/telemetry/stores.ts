// The stores as the chat uses them, observed: each write a span under the active one (the turn, or
// the person's message) — the outbox claim, the delivery (message row, outbox transition and budget
// debit in one transaction), a person's line — and the outbox's lag, in-flight rows and ambiguous sends.
import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Delivery, OutboxClaim, OutboxEntry, OutboxStore, TranscriptStore } from '../../actors/index.ts';
import type { NodeStores } from '../root/single.ts';
import type { OutboxMetrics } from './metrics.ts';

/** `fn` in a span named `name` when a recording span is active, else just `fn`. */
async function spanned<T>(name: string, attributes: Record<string, string | number>, fn: () => Promise<T>, after?: (result: T) => Record<string, string>): Promise<T> {
  const parent = trace.getSpan(context.active());
  if (!parent?.isRecording()) return fn();
  const span = trace.getTracer('piyasa.db').startSpan(name, { attributes });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), fn);
    if (after) span.setAttributes(after(result));
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** The outbox with a span per call and its metrics. `dbSystem`: 'postgresql', or 'memory'. */
export function observedOutbox(inner: OutboxStore, metrics: OutboxMetrics | undefined, dbSystem: string): OutboxStore {
  const claimed = new Map<string, number>();
  const settle = (key: string): number | undefined => {
    const at = claimed.get(key);
    claimed.delete(key);
    metrics?.inflight(claimed.size);
    return at;
  };
  return {
    async begin(entry: OutboxEntry): Promise<OutboxClaim> {
      const claim = await spanned('outbox.begin', { 'db.system.name': dbSystem, 'piyasa.outbox.key': entry.idempotencyKey }, () => inner.begin(entry), (c) => ({ 'piyasa.outbox.claim': c }));
      if (claim === 'send') {
        claimed.set(entry.idempotencyKey, performance.now());
        metrics?.inflight(claimed.size);
      }
      return claim;
    },
    async delivered(d: Delivery): Promise<void> {
      await spanned('outbox.delivered', { 'db.system.name': dbSystem, 'piyasa.outbox.key': d.idempotencyKey, 'piyasa.outbox.state': 'sent' }, () => inner.delivered(d));
      const at = settle(d.idempotencyKey);
      if (at !== undefined) metrics?.lag(performance.now() - at);
    },
    async failed(key: string, error: string): Promise<void> {
      await spanned('outbox.failed', { 'db.system.name': dbSystem, 'piyasa.outbox.key': key, 'piyasa.outbox.state': 'failed' }, () => inner.failed(key, error));
      settle(key);
    },
    async ambiguous(key: string, error: string): Promise<void> {
      await spanned('outbox.ambiguous', { 'db.system.name': dbSystem, 'piyasa.outbox.key': key, 'piyasa.outbox.state': 'ambiguous' }, () => inner.ambiguous(key, error));
      settle(key);
      metrics?.ambiguous();
    },
    lastTurn: (chatId) => inner.lastTurn(chatId),
    // What the chat's limiter restores on a move (the cluster); absent where the store keeps none.
    ...(inner.recentSends ? { recentSends: inner.recentSends.bind(inner) } : {}),
  };
}

/** The transcript store with a span per line written. */
export function observedTranscripts(inner: TranscriptStore, dbSystem: string): TranscriptStore {
  return {
    append: (message, traceId) => spanned('transcript.append', { 'db.system.name': dbSystem, 'piyasa.chat.id': message.chatId }, () => inner.append(message, traceId)),
    edit: (chatId, messageId, text, userId) => spanned('transcript.edit', { 'db.system.name': dbSystem, 'piyasa.chat.id': chatId }, () => inner.edit(chatId, messageId, text, userId)),
    recent: (chatId, limit) => inner.recent(chatId, limit),
  };
}

/** A node's stores with their writes observed. */
export function observedStores(stores: NodeStores, metrics: OutboxMetrics | undefined, dbSystem = 'postgresql'): NodeStores {
  return {
    ...stores,
    transcripts: observedTranscripts(stores.transcripts, dbSystem),
    ...(stores.outbox ? { outbox: observedOutbox(stores.outbox, metrics, dbSystem) } : {}),
  };
}
