// Configs for cluster tests and `piyasa bench cluster`: many chats of a few always-active bots each,
// fast enough to load a node in real time (no typing pause, a brisk pace, budgets out of the way),
// written as YAML for the node processes to load.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Config } from '../config/index.ts';
import { benchConfig } from './engine.ts';

export interface LoadOptions {
  /** The chats' pace multiplier (1 = the demo's; larger is faster). Default 20. */
  readonly paceScale?: number;
  /** Each bot's hourly budget. Default 2,000 (out of the way of a load test). */
  readonly hourlyLimit?: number;
  /** Each bot's minimum gap between its sends (s). Default 1. */
  readonly minGapSec?: number;
  /** Turns as fast as the engine goes and Telegram's limits out of the way (in-memory Telegram
   * only): the node's CPU, not the pace, bounds what it delivers. Default false. */
  readonly flatOut?: boolean;
}

/** The throughput run's config: flat out, the fastest pace the schema allows (paceScale 100). */
export function flatOutConfig(chats: number, perChat: number): Config {
  return loadConfig(chats, perChat, { paceScale: 100, flatOut: true, minGapSec: 0.1 });
}

/** `chats` chats of `perChat` bots, brisk (see LoadOptions). */
export function loadConfig(chats: number, perChat: number, o: LoadOptions = {}): Config {
  const c = benchConfig(chats, perChat);
  // The same pace at any hour: a cluster test or bench must not depend on when it runs.
  const settings = o.flatOut
    ? { ...c.settings, dayCurve: false, baseTurnSec: 0.5, primeTurnSec: 0.5, minTurnSec: 0.1, maxTurnSec: 1, telegram: { perChatPerSec: 1_000, perBotPerChatPerMin: 60_000, perBotPerSec: 1_000 } }
    : { ...c.settings, dayCurve: false };
  return {
    ...c,
    settings,
    bots: c.bots.map((b) => ({ ...b, hourlyLimit: o.hourlyLimit ?? 2_000, minGapSec: o.minGapSec ?? 1 })),
    chats: c.chats.map((ch) => ({ ...ch, paceScale: o.paceScale ?? 20, primeHours: ['00:00-23:59'] })),
  };
}

/** Writes `config` as YAML at `file` (the shape `--config` reads). */
export function writeConfig(config: Config, file: string): void {
  writeFileSync(file, stringify({
    settings: config.settings,
    bots: config.bots,
    chats: config.chats.map(({ script, ...c }) => (script.length ? { ...c, script } : c)),
  }, { aliasDuplicateObjects: false })); // shared objects written out, not as YAML aliases (the loader caps those)
}
