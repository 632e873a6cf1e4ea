// Public face of infra/http: the node's HTTP server (metrics, health, readiness, mounted parts).
export { startNodeHttp, metricsRoute, type NodeHttp, type NodeHttpOptions } from './node.ts';
export { Readiness, healthRoutes, CHECK_DEADLINE_MS, type ReadyCheck } from './health.ts';
