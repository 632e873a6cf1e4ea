// Every migration, in order. Listed here (not discovered from files) so they run the same from
// source under tsx and from any other build.
import { ConsoleSchema } from './console.ts';
import { InitialSchema } from './initial.ts';

export const MIGRATIONS = [
  { name: 'Migration20261201000000_initial', class: InitialSchema },
  { name: 'Migration20261204300000_console', class: ConsoleSchema },
];
