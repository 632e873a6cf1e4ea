// The node's Prometheus metrics (prom-client): one registry per node, served at /metrics. The
// process's own figures (CPU, memory, event-loop lag, GC) come with it.
import { Registry, collectDefaultMetrics } from 'prom-client';

/** A registry with the process metrics and `node` as a label on every series. */
export function createRegistry(node: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ node });
  collectDefaultMetrics({ register: registry });
  return registry;
}
