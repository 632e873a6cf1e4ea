// Public face of the offline generator: the embedded LlmPort used when no LLM key is configured,
// plus the pure line writer (for benchmarks) and the Turkish formatting helpers tests rely on.
export { createOfflineGenerator, writeLine } from './generator.ts';
export { formatNumber, formatPct, formatPrice, symbolInfo } from './format.ts';
export type { SymbolInfo, SymbolName } from './format.ts';
