// `piyasa start`: the whole swarm in one process with the in-memory Telegram and bus and the offline
// generator, its state in PostgreSQL (DATABASE_URL, or the embedded server; --memory: none), printing
// the live transcript. Ctrl+C stops cleanly (actors drained, timers cleared, last writes committed).
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, storageEnv } from '../config/index.ts';
import { isStartupError, openStorage, type Storage } from '../db/storage.ts';
import { safeUrl } from '../../persistence/index.ts';
import { SystemClock } from '../../transport/index.ts';
import { createSingleNode } from '../root/single.ts';
import { jsonLogger, type Level } from '../log.ts';
import { numberFlag, stringFlag, type Flags } from './args.ts';
import { SpeakerIndex, formatLine, humanLine, messageLine, type TranscriptLine } from './transcript.ts';
import type { HumanMessage, SaidEvent } from '../../actors/index.ts';
import type { Config } from '../config/index.ts';
import { planShards, startShards } from '../root/shards.ts';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];

export async function start(flags: Flags): Promise<number> {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const level = stringFlag(flags, 'log-level', 'warn');
  if (!LEVELS.includes(level)) throw new Error(`--log-level: must be one of ${LEVELS.join(', ')} (got "${level}")`);
  const speed = numberFlag(flags, 'speed', 1, { min: 0.1 });
  const seed = numberFlag(flags, 'seed', Math.floor(Math.random() * 2 ** 31), { min: 0, integer: true });
  let config;
  try {
    config = loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`piyasa: invalid config: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const shards = numberFlag(flags, 'shards', 1, { min: 1, integer: true });
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
  console.log(`offline generator, in-memory Telegram and bus, seed ${seed}${speed !== 1 ? `, clock ×${speed}` : ''}${shards > 1 ? `, ${shards} shards` : ''}. Ctrl+C stops.`);
  if (speed === 1) console.log('Real-time pacing: people read and type first, a message every 20–40 s or so (--speed 10 for a faster demo).');
  console.log('');
  const memory = flags.memory === true || shards > 1;
  if (shards > 1 && flags.memory !== true) console.log('Shards keep their state in memory (the database serves --shards 1).');
  let stop: Stop;
  try {
    stop = shards > 1 ? startSharded(config, shards, seed, speed, level, printSaid, (h) => print(humanLine(h)))
      : await startSingle(config, seed, speed, level, printSaid, (h) => print(humanLine(h)), memory ? undefined : stringFlag(flags, 'data-dir', '.piyasa'));
  } catch (error) {
    if (!isStartupError(error)) throw error;
    console.error(`piyasa: ${error.message}`);
    return 2;
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const { sent, deadLetters } = await stop();
  console.log(`\nstopped: ${sent} messages sent, ${deadLetters} dead letters.`);
  return 0;
}

type Stop = () => Promise<{ sent: number; deadLetters: number }>;

/** The whole swarm on this event loop; with `home`, on PostgreSQL (DATABASE_URL, or embedded under `home`). */
async function startSingle(config: Config, seed: number, speed: number, level: string, said: (e: SaidEvent) => void, human: (h: HumanMessage) => void, home?: string): Promise<Stop> {
  const clock = new SystemClock({ speed });
  const logger = jsonLogger(level as Level, undefined, () => clock.now());
  let storage: Storage | undefined;
  if (home !== undefined) {
    storage = await openStorage({ config, logger, ...storageEnv(), home, now: clock.now() });
    const where = storage.embedded ? `embedded PostgreSQL under ${storage.embedded.dataDir}` : safeUrl(storage.db.url);
    console.log(`database: ${where}${storage.ambiguous ? ` (${storage.ambiguous} send(s) of the last run marked ambiguous, not resent)` : ''}`);
  } else console.log('database: none (--memory): nothing is kept after the run');
  const node = createSingleNode({ config: storage?.config ?? config, clock, seed, logger, ...(storage ? { stores: storage.stores } : {}) });
  node.telegram.onHuman(human);
  node.bus.subscribe('piyasa.chat.*.said', (_subject, payload) => said(payload as SaidEvent));
  node.start();
  return async () => {
    await node.stop();
    await storage?.close();
    return { sent: node.telegram.sentCount, deadLetters: node.deadLetters.list().length };
  };
}

/** The swarm split over `shards` worker threads (one node, several event loops). */
function startSharded(config: Config, shards: number, seed: number, speed: number, level: string, said: (e: SaidEvent) => void, human: (h: HumanMessage) => void): Stop {
  const totals = { sent: 0, deadLetters: 0 };
  const set = startShards(config, planShards(config, shards), seed, { kind: 'run', speed, logLevel: level }, (_i, r) => {
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
