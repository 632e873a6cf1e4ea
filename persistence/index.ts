export * from './memory/index.ts';
export * from './pg/index.ts';
