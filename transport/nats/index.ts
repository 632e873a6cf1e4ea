// Public face of transport/nats: the connection, request/reply for the command subjects (and, with the
// cluster, the bus, membership and leases).
export { connectNats, safeServer, NatsStartupError, type NatsConnectOptions } from './connection.ts';
export { serveRequests, requestCaller, REQUEST_INFO_HEADER, type RequestCaller, type RequestServerOptions } from './requests.ts';
