// Public face of infra/config: the YAML config loader, its types and defaults.
export { loadConfig, parseConfig, ConfigError, DEMO_CONFIG_PATH, type Config, type DisabledBot } from './load.ts';
export { suggest } from './schema.ts';
export { DEFAULT_SETTINGS, type Settings } from './settings.ts';
export { CHAT_DEFAULTS, type ChatSpec, type ScriptLine } from './chat.ts';
export { PERSONA_DEFAULTS } from './persona.ts';
export { KNOWN_SYMBOLS } from './fields.ts';
export { llmSettings, DEFAULT_FAST_MODEL, DEFAULT_SMART_MODEL, type LlmSettings } from './llm.ts';
export { httpAllowedHosts, httpHost } from './http.ts';
export { otelSettings, BATCH_DEFAULTS, type OtelSettings } from './otel.ts';
export { httpPort, telegramEnv, tokenVar, chatVar, type TelegramEnv } from './telegram.ts';
export { storageEnv, type StorageEnv } from './env.ts';
export { checkSetting, settingsFromStore } from './stored.ts';
export { validateBot, validateChat, validateSetting, type Checked, type FieldError } from './validate.ts';
export { CONFIG_JSON_SCHEMA_PATH, configJsonSchema } from './json-schema.ts';
export { natsEnv, nodeId, type NatsEnv } from './nats.ts';
export { pgBinEnv } from './backup.ts';
export { consoleEnv, type ConsoleEnv } from './console.ts';
