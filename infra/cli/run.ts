// What every long-running command shares: loading the config with its one-line error, and waiting for
// Ctrl+C (SIGINT) or SIGTERM.
import { ConfigError, loadConfig, type Config } from '../config/index.ts';

/** The config at `file`; undefined after printing its one-line error (the command exits 2). */
export function configOrReport(file: string): Config | undefined {
  try {
    return loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`piyasa: invalid config: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
