// The command service on NATS: `<prefix>.cmd` (cluster commands) and `<prefix>.chat.<id>.cmd` (chat
// commands), request/reply in one queue group so one node answers; the caller is the NATS account and
// user the server names in `Nats-Request-Info` (see transport/nats/requests.ts for when to trust it).
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../actors/index.ts';
import { serveRequests, type RequestCaller } from '../../transport/index.ts';
import { MAX_BODY_BYTES } from './body.ts';
import type { CommandCaller, CommandService } from './types.ts';

export interface CommandEdgeOptions {
  /** First subject token. Default "piyasa" (tests use their own). */
  readonly prefix?: string;
  readonly logger: Logger;
}

/** The queue group of the command subjects. */
export const COMMAND_QUEUE = 'piyasa-commands';

/** The caller as it is logged: `<account>/<user>`, or a note saying the server named nobody. */
export function natsCaller(c: RequestCaller): CommandCaller {
  if (c.account === undefined && c.user === undefined) return { user: '(unidentified: no Nats-Request-Info)', via: 'nats' };
  return { user: `${c.account ?? '?'}/${c.user ?? '(no user)'}`, via: 'nats' };
}

/** Serves the command subjects on `nc` until `stop()`. */
export function serveCommands(nc: NatsConnection, service: CommandService, o: CommandEdgeOptions): { stop(): Promise<void> } {
  const prefix = o.prefix ?? 'piyasa';
  const cluster = `${prefix}.cmd`;
  return serveRequests(nc, {
    subjects: [cluster, `${prefix}.chat.*.cmd`],
    queue: COMMAND_QUEUE,
    maxBytes: MAX_BODY_BYTES,
    logger: o.logger,
    handle(subject, data, caller) {
      const who = natsCaller(caller);
      if (subject === cluster) return service.cluster(data, who);
      const chatId = subject.slice(prefix.length + '.chat.'.length, -'.cmd'.length);
      return service.chat(chatId, data, who);
    },
  });
}
