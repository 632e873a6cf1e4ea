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

type Maybe<T> = T | undefined | Promise<T | undefined>;

/** What the running node can tell; each part optional, each may answer later. */
export interface LiveSources {
  llm?(): Maybe<readonly ModelUsage[]>;
  telegram429?(): Maybe<number>;
  deadLetters?(): Maybe<number>;
  cluster?(): Maybe<ClusterView>;
}

/** One frame of the dashboard. */
export interface Figures extends StoredFigures {
  readonly at: number;
  readonly llm: readonly ModelUsage[] | null;
  readonly telegram429: number | null;
  readonly deadLetters: number | null;
  readonly cluster: ClusterView | null;
}

/** Reads the stored figures and asks each live source; a source that fails counts as unknown. */
export async function readFigures(stored: () => Promise<StoredFigures>, live: LiveSources, now: number): Promise<Figures> {
  const safe = async <T>(fn: (() => Maybe<T>) | undefined): Promise<T | null> => {
    try {
      return (await fn?.()) ?? null;
    } catch {
      return null;
    }
  };
  const [figures, llm, telegram429, deadLetters, cluster] = await Promise.all([stored(), safe(live.llm), safe(live.telegram429), safe(live.deadLetters), safe(live.cluster)]);
  return { ...figures, at: now, llm, telegram429, deadLetters, cluster };
}

/** A model's quota as the Groq chain keeps it (transport/llm/groq's QuotaLayer fits). */
interface ModelQuota {
  readonly state: { readonly dayRequests: number; readonly dayTokens: number; readonly limits: { readonly rpd: number; readonly tpd: number } };
  /** Rolls the day over first, so yesterday's counts never show as today's. */
  remaining(): unknown;
}

/** The LLM figures of a node's Groq chains: per model, today's requests and tokens against the day's limits. */
export function llmUsageOf(models: ReadonlyMap<string, { readonly quota: ModelQuota }>): ModelUsage[] {
  return [...models].map(([model, { quota }]) => {
    quota.remaining();
    const { dayRequests, dayTokens, limits } = quota.state;
    return { model, requestsToday: dayRequests, tokensToday: dayTokens, requestsPerDay: limits.rpd, tokensPerDay: limits.tpd };
  });
}
