// The write queue of a node's database, made visible: Prometheus series (away or not, queued writes,
// outages, dropped rows, people's messages recorded) and a readiness check that names the reason while
// the database is away or the queue is full.
import { Gauge } from 'prom-client';
import type { NodeHttp } from '../http/index.ts';
import type { Storage } from './storage.ts';

/** Adds the storage's series to the node's registry and its readiness check; both go with the storage. */
export function watchStorage(storage: Storage, http: NodeHttp): void {
  const writer = storage.store.writer;
  const registry = http.metrics;
  if (registry) {
    const gauge = (name: string, help: string, value: () => number): void => {
      registry.registerMetric(new Gauge({ name, help, registers: [], collect() { this.set(value()); } }));
    };
    gauge('piyasa_db_unavailable', '1 while the database is away or does not answer (writes are queued, intake stops when the queue is full)', () => (writer.unavailable ? 1 : 0));
    gauge('piyasa_db_queue_writes', 'Writes queued for the database, not yet committed', () => writer.backlog);
    gauge('piyasa_db_queue_full', '1 while the write queue is at its limit (intake stopped)', () => (writer.full ? 1 : 0));
    gauge('piyasa_db_outages_total', 'Times the database went away (or stopped answering)', () => writer.stats.outages);
    gauge('piyasa_db_writes_total', 'Writes committed', () => writer.stats.written);
    gauge('piyasa_db_writes_dropped_total', 'Writes dropped because the database refused their data (each logged with its reason)', () => writer.stats.dropped);
  }
  http.readiness.add('database-writes', () => {
    if (writer.full) return `the write queue is full (${writer.backlog} writes): intake stopped`;
    if (writer.unavailable) return `the database is away: ${writer.backlog} writes queued`;
    return undefined;
  });
}
