// The LLM part of the environment: GROQ_API_KEY (secret: kept here, never printed), GROQ_BASE_URL for
// compatible servers, and the model of each tier. With no key the offline generator stays the default.
import { ConfigError } from './load.ts';

/** Groq's replacements for the retired llama models (background: llm-telegram.md §0). */
export const DEFAULT_FAST_MODEL = 'openai/gpt-oss-20b';
export const DEFAULT_SMART_MODEL = 'openai/gpt-oss-120b';

export interface LlmSettings {
  /** Undefined: no key, the offline generator writes every line. */
  readonly apiKey?: string;
  readonly baseURL?: string;
  /** PIYASA_MODEL_FAST: routine banter. */
  readonly fastModel: string;
  /** PIYASA_MODEL_SMART: direct answers to people. */
  readonly smartModel: string;
}

const MODEL_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/** Read and check the LLM variables; a bad value stops start-up with one line naming the variable. */
export function llmSettings(env: Readonly<Record<string, string | undefined>> = process.env): LlmSettings {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const model = (name: string, fallback: string): string => {
    const v = value(name) ?? fallback;
    if (!MODEL_RE.test(v)) throw new ConfigError(`${name}: must be a model id such as "${fallback}" (got "${v.slice(0, 60)}")`);
    return v;
  };
  const apiKey = value('GROQ_API_KEY');
  const baseURL = value('GROQ_BASE_URL');
  if (baseURL !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(baseURL);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) throw new ConfigError(`GROQ_BASE_URL: must be an http(s) URL, the server root (got "${baseURL.slice(0, 100)}")`);
    if (url.username || url.password) throw new ConfigError('GROQ_BASE_URL: must not carry credentials (the key goes in GROQ_API_KEY)');
  }
  if (apiKey !== undefined && /\s/.test(apiKey)) throw new ConfigError('GROQ_API_KEY: must not contain spaces');
  return {
    ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL: baseURL.replace(/\/+$/, '') } : {}),
    fastModel: model('PIYASA_MODEL_FAST', DEFAULT_FAST_MODEL), smartModel: model('PIYASA_MODEL_SMART', DEFAULT_SMART_MODEL),
  };
}
