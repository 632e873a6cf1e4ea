// The dashboard's read model: what the database holds (message rates, bots, ambiguous sends) plus
// what only the running node knows (LLM quota used today per model, Telegram 429s, dead letters,
// the cluster's nodes and partitions). The node fills in the live sources it has; a missing one is
// shown as unknown, never as zero.
import type { StoredFigures } from '../../persistence/index.ts';

export interface ModelUsage {
  readonly model: string;
  readonly requestsToday: number;
  readonly tokensToday: number;
  /** The day's limits, when known. */
  readonly requestsPerDay?: number;
  readonly tokensPerDay?: number;
}

export interface ClusterView {
  readonly nodes: readonly { readonly id: string; readonly partitions: number; readonly self?: boolean }[];
  readonly partitions: number;
}

/** What the running node can tell; each part optional. */
export interface LiveSources {
  llm?(): readonly ModelUsage[];
  telegram429?(): number;
  deadLetters?(): number;
  cluster?(): ClusterView | undefined;
}

/** One frame of the dashboard. */
export interface Figures extends StoredFigures {
  readonly at: number;
  readonly llm: readonly ModelUsage[] | null;
  readonly telegram429: number | null;
  readonly deadLetters: number | null;
  readonly cluster: ClusterView | null;
}

/** Reads the stored figures and asks each live source; a source that throws counts as unknown. */
export async function readFigures(stored: () => Promise<StoredFigures>, live: LiveSources, now: number): Promise<Figures> {
  const safe = <T>(fn: (() => T | undefined) | undefined): T | null => {
    try {
      return fn?.() ?? null;
    } catch {
      return null;
    }
  };
  return { ...(await stored()), at: now, llm: safe(live.llm), telegram429: safe(live.telegram429), deadLetters: safe(live.deadLetters), cluster: safe(live.cluster) };
}
