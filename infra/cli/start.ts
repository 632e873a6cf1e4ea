// `piyasa start`: the whole swarm in one process, printing the live transcript. Its embedded defaults
// (the Telegram sandbox with its page, PostgreSQL under ./.piyasa, the offline generator) give way to
// real bot tokens, DATABASE_URL and GROQ_API_KEY. Ctrl+C stops cleanly (actors drained, timers
// cleared, last writes committed).
import { ConfigError, DEMO_CONFIG_PATH, httpHost, httpPort, llmSettings, nodeId, storageEnv, telegramEnv, type LlmSettings, type TelegramEnv } from '../config/index.ts';
import { startNodeHttp, type NodeHttp } from '../http/index.ts';
import { createRegistry } from '../telemetry/index.ts';
import { isStartupError, openStorage, type Storage } from '../db/storage.ts';
import { safeUrl } from '../../persistence/index.ts';
import { SystemClock } from '../../transport/index.ts';
import { createSingleNode } from '../root/single.ts';
import { jsonLogger, type Level } from '../log.ts';
import { numberFlag, stringFlag, type Flags } from './args.ts';
import { configOrReport, untilStopped } from './run.ts';
import { SpeakerIndex, formatLine, humanLine, messageLine, type TranscriptLine } from './transcript.ts';
import type { HumanMessage, Logger, SaidEvent } from '../../actors/index.ts';
import type { Config } from '../config/index.ts';
import { planShards, startShards } from '../root/shards.ts';
import { startTelegramNode } from '../root/telegram.ts';
import { createNodeLlm, describeLlm, type NodeLlm } from '../root/llm.ts';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];

export async function start(flags: Flags): Promise<number> {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const level = stringFlag(flags, 'log-level', 'warn');
  if (!LEVELS.includes(level)) throw new Error(`--log-level: must be one of ${LEVELS.join(', ')} (got "${level}")`);
  const speed = numberFlag(flags, 'speed', 1, { min: 0.1 });
  const seed = numberFlag(flags, 'seed', Math.floor(Math.random() * 2 ** 31), { min: 0, integer: true });
  const config = configOrReport(file);
  if (!config) return 2;
  const shards = numberFlag(flags, 'shards', 1, { min: 1, integer: true });
  const mode = stringFlag(flags, 'telegram', shards > 1 ? 'memory' : 'auto');
  if (mode !== 'auto' && mode !== 'memory') throw new Error(`--telegram: must be auto or memory (got "${mode}")`);
  let telegram: TelegramEnv | undefined;
  let llm: LlmSettings;
  let listen: { port: number; host: string; node: string };
  try {
    telegram = mode === 'memory' ? undefined : telegramEnv(config);
    llm = llmSettings();
    listen = { port: numberFlag(flags, 'port', httpPort() ?? 8080, { min: 0, integer: true }), host: httpHost(), node: nodeId() };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`piyasa: invalid environment: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (telegram?.mode === 'sandbox') telegram = { mode: 'sandbox', port: listen.port };
  if (telegram && shards > 1) throw new Error('--shards: runs on the in-memory Telegram only for now (add --telegram memory)');
  if (telegram?.mode === 'telegram' && speed !== 1) throw new Error('--speed: real Telegram runs in real time; a faster clock needs the sandbox');
  const tz = new Map(config.chats.map((c) => [c.id, c.timezone]));
  const speakers = new SpeakerIndex();
  const ansi = process.stdout.isTTY === true;
  const many = config.chats.length > 1;
  const print = (l: TranscriptLine): void => {
    speakers.note(l.chat, l.messageId, l.speaker);
    const line = { ...l, ...(l.replyTo !== undefined ? { replyToSpeaker: speakers.speaker(l.chat, l.replyTo) } : {}) };
    console.log(`${many ? `[${l.chat}] ` : ''}${formatLine(line as TranscriptLine, tz.get(l.chat) ?? 'Europe/Istanbul', ansi)}`);
  };
  const printSaid = (e: SaidEvent): void =>
    print(messageLine({ seq: e.seq, chatId: e.chat, messageId: e.messageId, botId: e.bot, speaker: e.speaker, text: e.text, at: e.at, ...(e.replyTo !== undefined ? { replyTo: e.replyTo } : {}), ...(e.reaction ? { reaction: true } : {}) }, e.mood));

  console.log(`Piyasa — ${config.bots.length} bots in ${config.chats.length} chat(s) from ${file}`);
  const where = telegram?.mode === 'telegram' ? 'Telegram' : telegram ? 'the Telegram sandbox' : 'in-memory Telegram';
  const llmLine = `${describeLlm(llm)}${llm.apiKey && shards > 1 ? ` (each shard with 1/${shards} of the quota)` : ''}`;
  console.log(`${llmLine}, ${where}, in-memory bus, seed ${seed}${speed !== 1 ? `, clock ×${speed}` : ''}${shards > 1 ? `, ${shards} shards` : ''}. Ctrl+C stops.`);
  if (speed === 1) console.log('Real-time pacing: people read and type first, a message every 20–40 s or so (--speed 10 for a faster demo).');
  console.log('');
  const human = (h: HumanMessage): void => print(humanLine(h));
  const memory = flags.memory === true || shards > 1;
  if (shards > 1 && flags.memory !== true) console.log('Shards keep their state in memory (the database serves --shards 1).');
  const home = memory ? undefined : stringFlag(flags, 'data-dir', '.piyasa');
  let http: NodeHttp;
  try {
    http = await startNodeHttp({ port: listen.port, host: listen.host, nodeId: listen.node, metrics: createRegistry(listen.node) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(`piyasa: port ${listen.port} is in use: pass --port N (0 picks a free one) or set PIYASA_HTTP_PORT`);
    return 2;
  }
  let stop: Stop;
  try {
    stop = telegram ? await startOnTelegram(config, telegram, llm, seed, speed, level, printSaid, human, http, home)
      : shards > 1 ? startSharded(config, llm, shards, seed, speed, level, printSaid, human) : await startSingle(config, llm, seed, speed, level, printSaid, human, home);
  } catch (error) {
    await http.close();
    if (!isStartupError(error)) throw error;
    console.error(`piyasa: ${error.message}`);
    return 2;
  }
  if (telegram?.mode !== 'sandbox') console.log(`HTTP: ${http.url}/metrics, /healthz, /readyz\n`);

  await untilStopped();
  const { sent, deadLetters, llm: used } = await stop();
  await http.close();
  console.log(`\nstopped: ${sent} messages sent, ${deadLetters} dead letters.`);
  if (used) console.log(used);
  return 0;
}

type Stop = () => Promise<{ sent: number; deadLetters: number; llm?: string }>;

/** The node's LLM: its quota, retries and breaker run on wall time whatever --speed says (Groq's limits do). */
function nodeLlm(settings: LlmSettings, logger: Logger): NodeLlm {
  return createNodeLlm(settings, { clock: new SystemClock(), logger });
}

/** The node's state: PostgreSQL (DATABASE_URL, or embedded under `home`), or memory without a `home`.
 * Prints the database line. */
async function openState(config: Config, logger: Logger, home: string | undefined, now: number): Promise<Storage | undefined> {
  if (home === undefined) {
    console.log('database: none (--memory): nothing is kept after the run');
    return undefined;
  }
  const storage = await openStorage({ config, logger, ...storageEnv(), home, now });
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

/** The whole swarm on this event loop. */
async function startSingle(config: Config, llmEnv: LlmSettings, seed: number, speed: number, level: string, said: (e: SaidEvent) => void, human: (h: HumanMessage) => void, home?: string): Promise<Stop> {
  let clock = new SystemClock({ speed });
  const logger = jsonLogger(level as Level, undefined, () => clock.now());
  const storage = await openState(config, logger, home, clock.now());
  clock = carryOn(clock, speed, storage);
  const llm = nodeLlm(llmEnv, logger);
  const node = createSingleNode({ config: storage?.config ?? config, clock, seed, logger, llm: llm.llm, ...(storage ? { stores: storage.stores } : {}) });
  node.telegram.onHuman(human);
  node.bus.subscribe('piyasa.chat.*.said', (_subject, payload) => said(payload as SaidEvent));
  node.start();
  return async () => {
    await node.stop();
    await storage?.close();
    return { sent: node.telegram.sentCount, deadLetters: node.deadLetters.list().length, ...llmUsage(llm) };
  };
}

/** The whole swarm on this event loop, talking through the grammY adapter to Telegram or to the
 * embedded sandbox, whose page shows the group live. */
async function startOnTelegram(config: Config, telegram: TelegramEnv, llmEnv: LlmSettings, seed: number, speed: number, level: string, said: (e: SaidEvent) => void, human: (h: HumanMessage) => void, http: NodeHttp, home?: string): Promise<Stop> {
  let clock = new SystemClock({ speed });
  const logger = jsonLogger(level as Level, undefined, () => clock.now());
  const storage = await openState(config, logger, home, clock.now());
  clock = carryOn(clock, speed, storage);
  if (storage && telegram.mode === 'telegram') await storage.sealTokens(telegram.tokens);
  const llm = nodeLlm(llmEnv, logger);
  const t = await startTelegramNode({ config: storage?.config ?? config, clock, seed, logger, telegram, http, llm: llm.llm, ...(storage ? { stores: storage.stores } : {}) }).catch(async (e: unknown) => {
    await storage?.close();
    throw e;
  });
  t.onHuman(human);
  t.node.bus.subscribe('piyasa.chat.*.said', (_subject, payload) => said(payload as SaidEvent));
  if (t.server) console.log(`Sandbox: the group live at ${t.server.url} (Bot API at ${t.server.url}/bot<token>/<method>; /metrics, /healthz, /readyz)\n`);
  let sent = 0;
  t.node.bus.subscribe('piyasa.chat.*.said', (_s, p) => {
    if (!(p as SaidEvent).reaction) sent++;
  });
  return async () => {
    await t.stop();
    await storage?.close();
    return { sent, deadLetters: t.node.deadLetters.list().length, ...llmUsage(llm) };
  };
}

/** The swarm split over `shards` worker threads (one node, several event loops). */
function startSharded(config: Config, llm: LlmSettings, shards: number, seed: number, speed: number, level: string, said: (e: SaidEvent) => void, human: (h: HumanMessage) => void): Stop {
  const totals = { sent: 0, deadLetters: 0 };
  const set = startShards(config, planShards(config, shards), seed, { kind: 'run', speed, logLevel: level, llm }, (_i, r) => {
    if (r.type === 'said') said(r.event);
    else if (r.type === 'human') human(r.message);
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
