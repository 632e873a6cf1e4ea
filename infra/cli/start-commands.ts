// The commands of `piyasa start`: the command service over the running node (its changes kept in the
// database when there is one), the sandbox page's buttons, and — when NATS_URL is set — the command
// subjects on NATS with the chat events published there, and the operator console on the node's HTTP
// server when there is a database. Every change is logged (JSON on stderr, whatever --log-level says)
// with its caller.
import type { Logger } from '../../actors/index.ts';
import { natsEnv, nodeId } from '../config/index.ts';
import { connectNats, safeServer } from '../../transport/index.ts';
import { memoryCatalogStore, pgCatalogStore, startNodeCommands } from '../commands/index.ts';
import type { Storage } from '../db/storage.ts';
import type { SingleNode } from '../root/single.ts';
import type { NodeHttp } from '../http/index.ts';
import { mountConsole } from '../console/index.ts';
import type { TelegramNode } from '../root/telegram.ts';
import { jsonLogger } from '../log.ts';

export interface StartCommandsOptions {
  readonly node: SingleNode;
  readonly logger: Logger;
  readonly storage?: Storage;
  /** The node on Telegram or the sandbox: its changes tell Telegram too, and its page gets the buttons. */
  readonly telegram?: TelegramNode;
  readonly llmUsage?: () => object | undefined;
  /** The node's HTTP server: the console is mounted on it (with a database). */
  readonly http?: NodeHttp;
}

/** Wires the commands; returns what stops them. Prints one line saying where commands are taken. */
export async function startCommands(o: StartCommandsOptions): Promise<() => Promise<void>> {
  const env = natsEnv();
  const id = nodeId();
  const nats = env ? await connectNats({ ...env, name: `piyasa-${id}`, logger: o.logger }) : undefined;
  const { node, storage } = o;
  const store = storage ? pgCatalogStore(storage.catalog, () => node.clock.now(), storage.sealToken) : memoryCatalogStore(node.stores.memories);
  const commands = startNodeCommands({
    node, id, logger: o.logger, audit: jsonLogger('info', undefined, () => node.clock.now()), store,
    ...(o.telegram ? { apply: o.telegram.apply, check: o.telegram.check } : {}),
    ...(o.llmUsage ? { llmUsage: o.llmUsage } : {}),
    ...(nats ? { nats } : {}),
  });
  o.telegram?.handleCommands((chatId, body) => commands.service.chat(chatId, body, { user: 'sandbox', via: 'sandbox' }));
  if (o.http && storage) {
    mountConsole(o.http, { db: storage.db, commands: commands.service, logger: o.logger, live: { deadLetters: () => node.deadLetters.list().length } });
    console.log(`Console: ${o.http.url}/console (sign in; the first admin: piyasa users add <name> --admin)`);
  } else if (o.http) console.log('Console: needs a database (not with --memory)');
  if (env) console.log(`Commands: NATS at ${env.servers.map(safeServer).join(', ')} — piyasa.cmd and piyasa.chat.<id>.cmd (piyasa cmd --help)`);
  else if (o.telegram?.sandbox) console.log('Commands: on the sandbox page (no NATS_URL: piyasa cmd needs NATS)');
  return async () => {
    await commands.stop();
    await nats?.close();
  };
}
