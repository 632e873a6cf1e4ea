// Public face of transport/nats: the connection, the cluster's names and its bus (membership and
// leases alongside).
export { connectNats, safeServer, NatsStartupError, type NatsConnectOptions } from './connection.ts';
export { clusterNames, entityOf, type ClusterNames } from './names.ts';
export { NatsBus, ensureBusStream, type NatsBusOptions, type RequestHandler } from './bus.ts';
export { INBOX_DEFAULTS, type InboxOptions } from './consumer.ts';
export { Rejects, encode, decode, traceHeaders, traceOf } from './wire.ts';
