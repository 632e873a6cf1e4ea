// Public face of transport/nats: the connection (and, with the cluster, the bus, membership and leases).
export { connectNats, safeServer, NatsStartupError, type NatsConnectOptions } from './connection.ts';
