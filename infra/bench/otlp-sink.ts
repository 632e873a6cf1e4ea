// Child process of `piyasa bench engine --tracing compare`: a local OTLP/HTTP receiver that takes
// every export (200, empty protobuf answer) and counts requests and bytes, on its own event loop so
// the node under test pays only for exporting. Prints its URL, then its counts when told to stop.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let requests = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/v1/traces') requests++;
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('message', () => {
  process.send?.({ requests, bytes });
  server.close();
  server.closeAllConnections();
  process.disconnect();
});
