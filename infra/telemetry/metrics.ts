// The node's Prometheus metrics (prom-client), served at /metrics: messages sent and declined, turn
// latency, LLM requests and tokens, Telegram requests, mailbox depth, dead letters, the outbox, and
// the cluster's partitions, failovers and fencing. Parts report through the small interfaces here;
// nothing in the actors imports prom-client. Labels stay bounded (no chat or bot ids).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChatMetrics, ClusterMetrics, DeadLetter } from '../../actors/index.ts';
import type { LlmRequest, TelegramRequest } from '../../transport/index.ts';

/** Every series name this node serves (the infra files and the dashboard are checked against it). */
export const METRIC_NAMES = [
  'piyasa_messages_sent_total', 'piyasa_messages_declined_total', 'piyasa_turn_duration_seconds',
  'piyasa_llm_requests_total', 'piyasa_llm_tokens_total', 'piyasa_llm_request_duration_seconds',
  'piyasa_telegram_requests_total', 'piyasa_telegram_request_duration_seconds',
  'piyasa_mailbox_depth', 'piyasa_dead_letters_total',
  'piyasa_outbox_lag_seconds', 'piyasa_outbox_inflight', 'piyasa_outbox_ambiguous_total',
  'piyasa_partitions_owned', 'piyasa_failovers_total', 'piyasa_fencing_rejections_total', 'piyasa_node_info',
] as const;

export interface OutboxMetrics {
  /** From a send's claim to its delivery being written (the Telegram call and the commit), in ms. */
  lag(ms: number): void;
  /** Claimed and not yet settled. */
  inflight(n: number): void;
  /** Sends that may have gone out and are never resent. */
  ambiguous(n?: number): void;
}

export interface NodeMetrics {
  readonly registry: Registry;
  readonly chat: ChatMetrics;
  readonly outbox: OutboxMetrics;
  readonly cluster: ClusterMetrics;
  telegramRequest(r: TelegramRequest): void;
  llmRequest(r: LlmRequest): void;
  deadLetter(letter: DeadLetter): void;
  /** Read at every scrape: messages accepted by the node's actors and not yet handled. */
  mailboxDepth(read: () => number): void;
  /** Read at every scrape, for a cluster that keeps its own totals (a node's status) rather than
   * calling `cluster`: partitions held now, partitions taken over and fencing refusals so far. */
  watchCluster(read: () => ClusterTotals): void;
}

/** A cluster node's running totals. */
export interface ClusterTotals {
  readonly partitionsOwned: number;
  /** Partitions taken over from a node that left or went silent, since the start. */
  readonly failovers: number;
  /** Refusals for a stale lease revision since the start, by what was refused. */
  readonly fencing: Readonly<Record<string, number>>;
}

/** A registry with the process metrics and `node` as a label on every series. */
export function createRegistry(node: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ node });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The node's metrics on a fresh registry (`createRegistry`). */
export function createNodeMetrics(node: string, version: string): NodeMetrics {
  const registry = createRegistry(node);
  const registers = [registry];
  const sent = new Counter({ name: 'piyasa_messages_sent_total', help: 'Messages (and reactions) Telegram accepted', labelNames: ['kind'], registers });
  const declined = new Counter({ name: 'piyasa_messages_declined_total', help: 'Turns and drafts not sent, by reason (declined-budget, duplicate, stale, …)', labelNames: ['reason'], registers });
  const turns = new Histogram({
    name: 'piyasa_turn_duration_seconds', help: 'A turn from the director\'s decision to the send or the drop (reading and typing included)',
    labelNames: ['outcome'], buckets: [0.05, 0.25, 1, 2.5, 5, 10, 20, 40, 60, 120], registers,
  });
  const llmRequests = new Counter({ name: 'piyasa_llm_requests_total', help: 'Requests to the LLM provider (retries too), by model and outcome', labelNames: ['model', 'status'], registers });
  const llmTokens = new Counter({ name: 'piyasa_llm_tokens_total', help: 'LLM tokens by model: input, cached (of input) and output', labelNames: ['model', 'kind'], registers });
  const llmSeconds = new Histogram({ name: 'piyasa_llm_request_duration_seconds', help: 'One LLM request', labelNames: ['model'], buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15], registers });
  const tgRequests = new Counter({ name: 'piyasa_telegram_requests_total', help: 'Bot API requests (retries too), by method and HTTP status (0: no answer)', labelNames: ['method', 'status'], registers });
  const tgSeconds = new Histogram({ name: 'piyasa_telegram_request_duration_seconds', help: 'One Bot API request', labelNames: ['method'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
  let depth: () => number = () => 0;
  let totals: (() => ClusterTotals) | undefined;
  const seen = { failovers: 0, fencing: new Map<string, number>() };
  /** Brings the counters up to the cluster's totals (counters only go up). */
  const sync = (): void => {
    if (!totals) return;
    const t = totals();
    partitions.set(t.partitionsOwned);
    if (t.failovers > seen.failovers) failovers.inc(t.failovers - seen.failovers);
    seen.failovers = Math.max(seen.failovers, t.failovers);
    for (const [what, n] of Object.entries(t.fencing)) {
      const before = seen.fencing.get(what) ?? 0;
      if (n > before) fencing.inc({ what }, n - before);
      seen.fencing.set(what, Math.max(before, n));
    }
  };
  new Gauge({ name: 'piyasa_mailbox_depth', help: 'Messages accepted by the node\'s actors and not yet handled', registers, collect() { this.set(depth()); } });
  const deadLetters = new Counter({ name: 'piyasa_dead_letters_total', help: 'Messages no actor could handle, by reason', labelNames: ['reason'], registers });
  const outboxLag = new Histogram({ name: 'piyasa_outbox_lag_seconds', help: 'A send from its outbox claim to its delivery written', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
  const outboxInflight = new Gauge({ name: 'piyasa_outbox_inflight', help: 'Outbox rows claimed and not yet settled', registers });
  const ambiguous = new Counter({ name: 'piyasa_outbox_ambiguous_total', help: 'Sends that may have reached Telegram and are never resent', registers });
  const partitions = new Gauge({ name: 'piyasa_partitions_owned', help: 'Partitions this node holds a lease on', registers, collect: () => sync() });
  const failovers = new Counter({ name: 'piyasa_failovers_total', help: 'Partitions taken over from a node that left', registers });
  const fencing = new Counter({ name: 'piyasa_fencing_rejections_total', help: 'Writes or sends refused for a stale lease revision', labelNames: ['what'], registers });
  new Gauge({ name: 'piyasa_node_info', help: 'This node (value 1)', labelNames: ['version'], registers }).set({ version }, 1);
  for (const kind of ['message', 'reaction']) sent.inc({ kind }, 0);
  ambiguous.inc(0);
  failovers.inc(0);

  return {
    registry,
    chat: {
      delivered: (reaction) => sent.inc({ kind: reaction ? 'reaction' : 'message' }),
      dropped: (reason) => declined.inc({ reason }),
      turn: (ms, outcome) => turns.observe({ outcome }, ms / 1000),
    },
    outbox: {
      lag: (ms) => outboxLag.observe(ms / 1000),
      inflight: (n) => outboxInflight.set(n),
      ambiguous: (n = 1) => ambiguous.inc(n),
    },
    cluster: {
      partitionsOwned: (n) => partitions.set(n),
      failover: (n) => failovers.inc(n),
      fencingRejected: (what) => fencing.inc({ what }),
    },
    telegramRequest(r) {
      tgRequests.inc({ method: r.method, status: String(r.status) });
      tgSeconds.observe({ method: r.method }, r.ms / 1000);
    },
    llmRequest(r) {
      llmRequests.inc({ model: r.model, status: r.status });
      llmSeconds.observe({ model: r.model }, r.ms / 1000);
      if (r.promptTokens) llmTokens.inc({ model: r.model, kind: 'input' }, r.promptTokens);
      if (r.cachedTokens) llmTokens.inc({ model: r.model, kind: 'cached' }, r.cachedTokens);
      if (r.completionTokens) llmTokens.inc({ model: r.model, kind: 'output' }, r.completionTokens);
    },
    deadLetter: (letter) => deadLetters.inc({ reason: letter.reason }),
    mailboxDepth(read) {
      depth = read;
    },
    watchCluster(read) {
      totals = read;
    },
  };
}
