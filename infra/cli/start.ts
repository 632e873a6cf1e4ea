// `piyasa start`: the whole swarm in one process, printing the live transcript. Its embedded defaults
// (the Telegram sandbox with its page, PostgreSQL under ./.piyasa, the offline generator) give way to
// real bot tokens, DATABASE_URL and GROQ_API_KEY. Ctrl+C stops cleanly (actors drained, timers
// cleared, last writes committed). With NATS_URL set it runs as a node of that cluster (piyasa node).
// Exit codes: 0 a clean stop; 2 start-up failed (one line, nothing left running); 1 the stop left
// writes the database did not take (counted), or an unexpected error.
import { ConfigError, natsEnv, storageEnv, type LlmSettings, type TelegramEnv } from '../config/index.ts';
import { startNodeTelemetry, type NodeTelemetry } from '../root/telemetry.ts';
import type { NodeStores } from '../root/single.ts';
import { isStartupError, openStorage, type Storage } from '../db/storage.ts';
import { watchStorage } from '../db/watch.ts';
import { MemoryBotMemories, safeUrl, type Unwritten } from '../../persistence/index.ts';
import { SystemClock } from '../../transport/index.ts';
import { createSingleNode } from '../root/single.ts';
import { jsonLogger, type Level } from '../log.ts';
import type { Flags } from './args.ts';
import { BadInput, startInputs, type StartInputs } from './inputs.ts';
import { untilStopped } from './run.ts';
import { SpeakerIndex, formatLine, humanLine, messageLine, type TranscriptLine } from './transcript.ts';
import { Invalid, hourActivity, localTime, type HumanMessage, type Logger, type SaidEvent } from '../../actors/index.ts';
import type { Config } from '../config/index.ts';
import { planShards, startShards } from '../root/shards.ts';
import { startTelegramNode } from '../root/telegram.ts';
import { createNodeLlm, describeLlm, type NodeLlm } from '../root/llm.ts';
import { startCommands } from './start-commands.ts';

export async function start(flags: Flags): Promise<number> {
  // With NATS_URL set, `start` is a node of that cluster (`piyasa node`); without it, the embedded demo.
  let cluster: boolean;
  try {
    cluster = natsEnv() !== undefined;
  } catch (error) {
    if (error instanceof ConfigError) throw new BadInput(`piyasa: invalid environment: ${error.message}`);
    throw error;
  }
  if (cluster) {
    console.log('NATS_URL is set: starting as a node of that cluster (piyasa node).');
    return (await import('./node.ts')).nodeCommand(flags);
  }
  // Listening for Ctrl+C from the first moment: one during start-up stops the node as soon as it is up
  // (instead of killing the process and leaving the embedded PostgreSQL behind).
  const stopRequested = untilStopped();
  const { file, level, speed, seed, config, shards, telegram, llm, home, memory, listen, otel } = startInputs(flags, Math.floor(Math.random() * 2 ** 31));
  const tz = new Map(config.chats.map((c) => [c.id, c.timezone]));
  const speakers = new SpeakerIndex();
  const ansi = process.stdout.isTTY === true;
  const many = config.chats.length > 1;
  // --quiet: no transcript (a service whose logs are enough, a benchmark); the banner still prints.
  const transcript = flags.quiet !== true;
  const print = (l: TranscriptLine): void => {
    if (!transcript) return;
    speakers.note(l.chat, l.messageId, l.speaker);
    const line = { ...l, ...(l.replyTo !== undefined ? { replyToSpeaker: speakers.speaker(l.chat, l.replyTo) } : {}) };
    console.log(`${many ? `[${l.chat}] ` : ''}${formatLine(line as TranscriptLine, tz.get(l.chat) ?? 'Europe/Istanbul', ansi)}`);
  };
  const printSaid = (e: SaidEvent): void =>
    print(messageLine({ seq: e.seq, chatId: e.chat, messageId: e.messageId, botId: e.bot, speaker: e.speaker, text: e.text, at: e.at, ...(e.replyTo !== undefined ? { replyTo: e.replyTo } : {}), ...(e.reaction ? { reaction: true } : {}) }, e.mood));

  console.log(`Piyasa — ${config.bots.length} bots in ${config.chats.length} chat(s) from ${file}`);
  const where = telegram?.mode === 'telegram' ? 'Telegram' : telegram ? 'the Telegram sandbox' : 'in-memory Telegram';
  const llmLine = `${describeLlm(llm)}${llm.apiKey && shards > 1 ? ` (one quota shared by the ${shards} shards)` : ''}`;
  console.log(`${llmLine}, ${where}, in-memory bus, seed ${seed}${speed !== 1 ? `, clock ×${speed}` : ''}${shards > 1 ? `, ${shards} shards` : ''}. Ctrl+C stops.`);
  if (speed === 1) console.log('Real-time pacing: people read and type first, a message every 20–40 s or so (--speed 10 for a faster demo).');
  const quiet = quietHour(config, Date.now());
  if (quiet) console.log(quiet);
  console.log('');
  const human = (h: HumanMessage): void => print(humanLine(h));
  if (memory && flags.memory !== true) console.log('Shards keep their state in memory (the database serves --shards 1).');
  let tel: NodeTelemetry;
  try {
    // The page's waterfall needs the recent traces even when nothing exports them.
    tel = await startNodeTelemetry({ port: listen.port, host: listen.host, nodeId: listen.node, otel, keepRecent: telegram?.mode === 'sandbox' && shards === 1, logger: jsonLogger(level as Level) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(`piyasa: port ${listen.port} is in use: pass --port N (0 picks a free one) or set PIYASA_HTTP_PORT`);
    return 2;
  }
  const run: Run = { config, llm, seed, speed, level, said: printSaid, human, tel, listen, ...(home !== undefined ? { home } : {}) };
  let stop: Stop;
  try {
    stop = telegram ? await startOnTelegram(run, telegram) : shards > 1 ? startSharded(run, shards) : await startSingle(run);
  } catch (error) {
    await tel.close();
    // A setting the config accepts but a part refuses (the Telegram limiter), a port another process
    // holds (the webhook's): bad input too.
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!isStartupError(error) && !(error instanceof Invalid) && !inUse) throw error;
    console.error(`piyasa: ${inUse ? `a port is in use (${(error as Error).message})` : (error as Error).message}`);
    return 2;
  }
  if (telegram?.mode !== 'sandbox') console.log(`HTTP: ${tel.http.url}/metrics, /healthz, /readyz`);
  if (tel.tracing.exporting || tel.tracing.recent) console.log(`Traces: ${tel.tracing.describe}${otel.jaegerUrl ? ` (Jaeger at ${otel.jaegerUrl})` : ''}; piyasa trace <message or trace id>`);
  console.log('');

  await stopRequested;
  const { sent, deadLetters, llm: used, unwritten } = await stop();
  await tel.close();
  console.log(`\nstopped: ${sent} messages sent, ${deadLetters} dead letters.`);
  if (used) console.log(used);
  if (unwritten?.total) {
    console.error(`piyasa: stopped with ${unwritten.total} write(s) the database did not take (${unwritten.people} of people's messages, ${unwritten.deliveries} of delivered bot messages, ${unwritten.other} other): it was away; people's messages were not confirmed to Telegram and come again at the next start`);
    return 1;
  }
  return 0;
}

type Stop = () => Promise<{ sent: number; deadLetters: number; llm?: string; unwritten?: Unwritten }>;

/** What every way of running the swarm gets. */
interface Run {
  readonly config: Config;
  readonly llm: LlmSettings;
  readonly seed: number;
  readonly speed: number;
  readonly level: string;
  readonly said: (e: SaidEvent) => void;
  readonly human: (h: HumanMessage) => void;
  readonly tel: NodeTelemetry;
  readonly listen: StartInputs['listen'];
  /** Home of the embedded database; none: state in memory. */
  readonly home?: string;
}

/** `start` with `storage` open: on any failure the storage is closed (the embedded server stopped)
 * before the error goes on, so a failed start leaves nothing running. */
async function closingOnFailure<T>(storage: Storage | undefined, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await storage?.close().catch(() => undefined);
    throw error;
  }
}

/** The node's LLM: its quota, retries and breaker run on wall time whatever --speed says (Groq's limits do). */
function nodeLlm(settings: LlmSettings, logger: Logger, tel: NodeTelemetry): NodeLlm {
  return createNodeLlm(settings, { clock: new SystemClock(), logger, onRequest: (r) => tel.metrics.llmRequest(r) });
}

/** The node's state: PostgreSQL (DATABASE_URL, or embedded under `home`), or memory without a `home`.
 * Prints the database line. */
async function openState(config: Config, logger: Logger, home: string | undefined, now: number, tel: NodeTelemetry): Promise<Storage | undefined> {
  if (home === undefined) {
    console.log('database: none (--memory): nothing is kept after the run');
    return undefined;
  }
  const storage = await openStorage({ config, logger, ...storageEnv(), home, now });
  watchStorage(storage, tel.http);
  const where = storage.embedded ? `embedded PostgreSQL under ${storage.embedded.dataDir}` : safeUrl(storage.db.url);
  console.log(`database: ${where}${storage.ambiguous ? ` (${storage.ambiguous} send(s) of the last run marked ambiguous, not resent)` : ''}`);
  return storage;
}

/** The run's clock, carrying on from the stored state's latest time when an earlier (faster) run left
 * it ahead of the wall: budgets and gaps then count from where that run stopped. */
function carryOn(clock: SystemClock, speed: number, storage: Storage | undefined): SystemClock {
  const last = storage?.lastAt;
  if (last === undefined || last <= clock.now()) return clock;
  console.log(`clock: carrying on from ${new Date(last).toISOString()}, where the last (faster) run stopped`);
  return new SystemClock({ speed, startAt: last });
}

/** What the LLM used, for the stop line (nothing for the offline generator alone). */
function llmUsage({ groq }: NodeLlm): { llm?: string } {
  const st = groq?.stats;
  return st ? { llm: `LLM: ${st.requests} drafts (smart ${st.served.smart}, fast ${st.served.fast}, offline ${st.served.offline}), ${st.calls} calls, ${st.promptTokens} prompt tokens (${st.cachedTokens} cached), ${st.completionTokens} completion tokens.` } : {};
}

/** The stores of a run, observed (traced writes, outbox metrics), and the database in readiness;
 * with --memory, the bots' memories in memory (what they were told, what operators add). */
function storesOf(run: Run, storage: Storage | undefined): { stores?: NodeStores; memories?: MemoryBotMemories } {
  if (!storage) return { memories: new MemoryBotMemories() };
  run.tel.database(storage.health);
  if (storage.ambiguous) run.tel.metrics.outbox.ambiguous(storage.ambiguous);
  return { stores: run.tel.stores(storage.stores) };
}

/** The whole swarm on this event loop. */
async function startSingle(run: Run): Promise<Stop> {
  let clock = new SystemClock({ speed: run.speed });
  const logger = jsonLogger(run.level as Level, undefined, () => clock.now());
  const storage = await openState(run.config, logger, run.home, clock.now(), run.tel);
  return closingOnFailure(storage, async () => {
    clock = carryOn(clock, run.speed, storage);
    const llm = nodeLlm(run.llm, logger, run.tel);
    const node = createSingleNode({ config: storage?.config ?? run.config, clock, seed: run.seed, logger, llm: llm.llm, ...storesOf(run, storage), ...run.tel.nodeOptions });
    run.tel.watch(node);
    node.telegram.onHuman(run.human);
    node.bus.subscribe('piyasa.chat.*.said', (_subject, payload) => run.said(payload as SaidEvent));
    node.start();
    const commands = await startCommands({ node, logger, http: run.tel.http, ...(storage ? { storage } : {}), llmUsage: () => llm.groq?.stats }).catch(async (e: unknown) => {
      await node.stop();
      throw e;
    });
    return async () => {
      await commands();
      await node.stop();
      const unwritten = await storage?.close();
      return { sent: node.telegram.sentCount, deadLetters: node.deadLetters.list().length, ...llmUsage(llm), ...(unwritten ? { unwritten } : {}) };
    };
  });
}

/** The whole swarm on this event loop, talking through the grammY adapter to Telegram or to the
 * embedded sandbox, whose page shows the group live. */
async function startOnTelegram(run: Run, telegram: TelegramEnv): Promise<Stop> {
  let clock = new SystemClock({ speed: run.speed });
  const logger = jsonLogger(run.level as Level, undefined, () => clock.now());
  const storage = await openState(run.config, logger, run.home, clock.now(), run.tel);
  const t = await closingOnFailure(storage, async () => {
    clock = carryOn(clock, run.speed, storage);
    if (storage && telegram.mode === 'telegram') await storage.sealTokens(telegram.tokens);
    const llm = nodeLlm(run.llm, logger, run.tel);
    // People's messages are recorded in the database before Telegram is told (in memory with --memory).
    const node = await startTelegramNode({
      config: storage?.config ?? run.config, clock, seed: run.seed, logger, telegram, http: run.tel.http, host: run.listen.host, allowedHosts: run.listen.allowedHosts, llm: llm.llm,
      ...storesOf(run, storage), ...(storage ? { intake: storage.intake, tokenOf: storage.tokenOf } : {}), ...run.tel.nodeOptions,
      onTelegramRequest: (r) => run.tel.metrics.telegramRequest(r),
    });
    const commands = await startCommands({ node: node.node, logger, http: run.tel.http, telegram: node, ...(storage ? { storage } : {}), llmUsage: () => llm.groq?.stats }).catch(async (e: unknown) => {
      await node.stop();
      throw e;
    });
    return Object.assign(node, { llm, commands });
  });
  const { llm, commands } = t;
  run.tel.watch(t.node);
  t.onHuman(run.human);
  t.node.bus.subscribe('piyasa.chat.*.said', (_subject, payload) => run.said(payload as SaidEvent));
  if (t.server) console.log(`Sandbox: the group live at ${t.server.url} (Bot API at ${t.server.url}/bot<token>/<method>; /metrics, /healthz, /readyz)`);
  let sent = 0;
  t.node.bus.subscribe('piyasa.chat.*.said', (_s, p) => {
    if (!(p as SaidEvent).reaction) sent++;
  });
  return async () => {
    await commands();
    await t.stop();
    const unwritten = await storage?.close();
    return { sent, deadLetters: t.node.deadLetters.list().length, ...llmUsage(llm), ...(unwritten ? { unwritten } : {}) };
  };
}

/** The swarm split over `shards` worker threads (one node, several event loops). */
function startSharded(run: Run, shards: number): Stop {
  const totals = { sent: 0, deadLetters: 0 };
  const set = startShards(run.config, planShards(run.config, shards), run.seed, { kind: 'run', speed: run.speed, logLevel: run.level, llm: run.llm }, (_i, r) => {
    if (r.type === 'said') run.said(r.event);
    else if (r.type === 'human') run.human(r.message);
    else if (r.type === 'stopped') {
      totals.sent += r.sent;
      totals.deadLetters += r.deadLetters;
    }
  });
  return async () => {
    await set.stop();
    return totals;
  };
}

/** A line when the first chat's hour is a quiet one: its pace follows a market chat's day
 * (settings.dayCurve), so a demo started at night says why it is slow. */
export function quietHour(config: Config, now: number): string | undefined {
  const chat = config.chats[0];
  if (!config.settings.dayCurve || !chat) return undefined;
  const t = localTime(now, chat.timezone);
  const activity = hourActivity(t.hour, t.weekday);
  if (activity >= 0.5) return undefined;
  const hhmm = `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
  return `It is ${hhmm} in ${chat.timezone}: a market chat is quiet now (${Math.round(activity * 100)} % of its busiest pace). --speed 10 for a faster demo; settings.dayCurve: false for the same pace around the clock.`;
}
