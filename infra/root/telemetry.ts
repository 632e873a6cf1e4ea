// What a node observes itself with, built once per process: the HTTP server (metrics, health, the
// trace view), the Prometheus metrics and the tracing SDK — and the options that hand them to the
// composition roots (tracer, chat metrics, dead letters, observed stores, the adapters' hooks).
import type { DeadLetter, Logger } from '../../actors/index.ts';
import type { OtelSettings } from '../config/index.ts';
import { databaseCheck, startNodeHttp, type NodeHttp, type PingableDatabase } from '../http/index.ts';
import { VERSION, createNodeMetrics, observedStores, startTracing, traceRoutes, type NodeMetrics, type Tracing } from '../telemetry/index.ts';
import type { NodeStores, SingleNode, SingleNodeOptions } from './single.ts';

export interface NodeTelemetry {
  readonly http: NodeHttp;
  readonly metrics: NodeMetrics;
  readonly tracing: Tracing;
  /** The tracer, chat metrics and dead-letter hook for createSingleNode / startTelegramNode. */
  readonly nodeOptions: Pick<SingleNodeOptions, 'tracer' | 'chatMetrics' | 'onDeadLetter'>;
  /** `stores` with their writes traced and the outbox measured. */
  stores(stores: NodeStores): NodeStores;
  /** The node runs: its mailbox depth is read at every scrape. */
  watch(node: SingleNode): void;
  /** The database is part of readiness. */
  database(db: PingableDatabase): void;
  close(): Promise<void>;
}

export interface NodeTelemetryOptions {
  readonly port: number;
  readonly host: string;
  readonly nodeId: string;
  readonly otel: OtelSettings;
  /** Keep recent traces even without an exporter (the sandbox's page shows them). */
  readonly keepRecent: boolean;
  readonly logger: Logger;
}

/** Starts the HTTP server first (a taken port fails before anything else started), then tracing. */
export async function startNodeTelemetry(opts: NodeTelemetryOptions): Promise<NodeTelemetry> {
  const metrics = createNodeMetrics(opts.nodeId, VERSION);
  const http = await startNodeHttp({ port: opts.port, host: opts.host, nodeId: opts.nodeId, metrics: metrics.registry });
  const tracing = startTracing({ settings: opts.otel, nodeId: opts.nodeId, keepRecent: opts.keepRecent, logger: opts.logger });
  if (tracing.recent) http.add(traceRoutes(tracing.recent, { nodeId: opts.nodeId, ...(opts.otel.jaegerUrl ? { jaegerUrl: opts.otel.jaegerUrl } : {}) }));
  return {
    http, metrics, tracing,
    nodeOptions: {
      ...(tracing.tracer.enabled ? { tracer: tracing.tracer } : {}),
      chatMetrics: metrics.chat,
      onDeadLetter: (letter: DeadLetter) => metrics.deadLetter(letter),
    },
    stores: (stores) => observedStores(stores, metrics.outbox),
    watch: (node) => metrics.mailboxDepth(() => node.system.inflight),
    database: (db) => void http.readiness.add('database', databaseCheck(db)),
    async close() {
      await http.close();
      await tracing.shutdown();
    },
  };
}
