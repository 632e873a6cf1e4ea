// Lint: the dependency direction of STYLE.md, enforced. actors/ imports nothing else of ours;
// supervisors/ -> actors/; transport/ and persistence/ implement actors/ports.ts; infra/ wires it all.
// Across folders, import only a folder's public index.ts.
import tseslint from 'typescript-eslint';

const folders = ['actors', 'supervisors', 'transport', 'persistence', 'infra', 'test'];
const forbid = (...names) => ({
  regex: `(^|/)(${names.join('|')})(/|$)`,
  message: 'imports must point inward (STYLE.md: actors <- supervisors <- transport/persistence <- infra)',
});
const deep = {
  regex: `(^|/)(${folders.join('|')})/(?!index\\.ts$).+`,
  message: 'import another folder through its index.ts, not a deep path',
};
const restrict = (files, ...names) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [forbid(...names), deep] }] },
});

export default [
  { ignores: ['node_modules/**', '.piyasa/**', 'test/artifacts/**', 'infra/console/ui/dist/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { 'no-restricted-syntax': 'off' },
  },
  restrict(['actors/**/*.ts'], 'supervisors', 'transport', 'persistence', 'infra', 'test'),
  restrict(['supervisors/**/*.ts'], 'transport', 'persistence', 'infra', 'test'),
  restrict(['transport/**/*.ts'], 'supervisors', 'persistence', 'infra', 'test'),
  restrict(['persistence/**/*.ts'], 'supervisors', 'transport', 'infra', 'test'),
  restrict(['infra/**/*.ts', 'infra/**/*.tsx'], 'test'),
  {
    files: ['actors/domain/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'pure domain: time comes from the Clock port' },
        { name: 'setInterval', message: 'pure domain: time comes from the Clock port' },
        { name: 'process', message: 'pure domain: configuration is passed in' }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'pure domain: time comes from the Clock port' },
        { object: 'Math', property: 'random', message: 'pure domain: randomness comes from the Rng port' }],
    },
  },
];
