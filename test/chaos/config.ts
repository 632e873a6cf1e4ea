// The chaos run's default config: four demo personas always active in two groups, brisk turns, real
// hourly limits (so budgets bind within the run), no typing delays. Built with the yaml package from
// the demo file, like the integration tests' fast config.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { root } from '../integration/piyasa-run.ts';

export function chaosConfig(opts: { hourlyLimit?: number; chats?: number } = {}): string {
  const demo = parse(readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8')) as { bots: Record<string, unknown>[]; chats: Record<string, unknown>[] };
  const bots = demo.bots.slice(0, 4).map((b): Record<string, unknown> => ({ ...b, hourlyLimit: opts.hourlyLimit ?? 20, minGapSec: 2, activeHours: [] }));
  const ids = bots.map((b) => String(b.id));
  const chats = Array.from({ length: opts.chats ?? 2 }, (_, i) => ({ ...demo.chats[0], id: `grup${i + 1}`, title: `Piyasa ${i + 1}`, members: i === 0 ? ids : [...ids].reverse(), script: [] }));
  const settings = { baseTurnSec: 2, primeTurnSec: 2, minTurnSec: 0.5, maxTurnSec: 4, typing: false, dayCurve: false };
  return stringify({ settings, bots, chats });
}
