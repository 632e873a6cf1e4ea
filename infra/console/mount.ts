// The console on a node: its handler over the node's database and command service, mounted at
// /console on the node's HTTP server, with the live figures the node can give.
import type { Logger } from '../../actors/index.ts';
import { PgConsoleReads, PgConsoleStore, type Database } from '../../persistence/index.ts';
import type { CommandService } from '../commands/types.ts';
import { consoleEnv } from '../config/index.ts';
import type { NodeHttp } from '../http/index.ts';
import { createConsole, type ConsoleHandler } from './console.ts';
import type { LiveSources } from './figures.ts';

export interface MountOptions {
  readonly db: Database;
  readonly commands: CommandService;
  readonly live?: LiveSources;
  readonly logger: Logger;
  readonly prefix?: string;
}

/** Mounts the console; returns its handler (closed with the server). */
export function mountConsole(http: Pick<NodeHttp, 'mount' | 'onClose'>, o: MountOptions): ConsoleHandler {
  const env = consoleEnv();
  const handler = createConsole({
    store: new PgConsoleStore(o.db), reads: new PgConsoleReads(o.db), commands: o.commands, logger: o.logger,
    secure: env.secure, allowedOrigins: env.allowedOrigins, ...(o.live ? { live: o.live } : {}), ...(o.prefix ? { prefix: o.prefix } : {}),
  });
  http.mount(handler.prefix, async (req, res) => {
    if (!(await handler.handle(req, res))) res.writeHead(404).end();
  });
  http.onClose(() => handler.close());
  return handler;
}
