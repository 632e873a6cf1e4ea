// Restart, backoff and escalation: the pure policy and the one-for-one supervisor that applies it.
export * from './policy.ts';
export * from './supervisor.ts';
