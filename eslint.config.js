// Type-checked strict rules, plus the dependency direction of DESIGN §2 enforced as import bans.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The folders of src/ in layers, lowest first (DESIGN §2, docs/architecture.md). A folder may
 * import its own layer and the layers below, never above; within a layer only the sideways
 * imports listed in SIDEWAYS. `contract` imports nothing of ours. errors.ts, config.ts and log.ts
 * sit beside every layer but the contract; serve.ts and cli.ts (the entry points) above all.
 * Tests are exempt: they wire real components of several layers together on purpose.
 */
const LAYERS = [
  ['contract'],
  ['text', 'pii', 'classifiers'],
  ['scanners', 'redaction', 'policy', 'backends', 'audit'],
  ['pipeline'],
  ['eval', 'review', 'observability'],
  ['server', 'cli'],
];
const SIDEWAYS = {
  text: ['pii', 'classifiers'],
  pii: ['text', 'classifiers'],
  classifiers: ['text', 'pii'],
  // A rule compiles its redaction operators; `scan_roles` names chat roles.
  policy: ['redaction', 'backends'],
};
/** Where express may be imported: the HTTP edge only. */
const HTTP_FOLDERS = new Set(['review', 'server', 'cli']);

const levelOf = (folder) => LAYERS.findIndex((layer) => layer.includes(folder));

function layerRules() {
  return LAYERS.flat().map((folder) => {
    const level = levelOf(folder);
    const sideways = SIDEWAYS[folder] ?? [];
    const banned = LAYERS.flat().filter(
      (other) =>
        other !== folder &&
        (levelOf(other) > level || (levelOf(other) === level && !sideways.includes(other))),
    );
    const patterns = banned.map((other) => ({
      group: [`**/${other}/**`],
      message: `${folder}/ may not import ${other}/ (layers: DESIGN §2, docs/architecture.md)`,
    }));
    patterns.push({
      group: ['**/serve.js', '**/cli.js'],
      message: 'only the entry points import serve.ts and cli.ts',
    });
    if (folder === 'contract') {
      patterns.push({ group: ['../**'], message: 'contract/ imports nothing of ours' });
    }
    if (!HTTP_FOLDERS.has(folder)) {
      patterns.push({ group: ['express'], message: `${folder}/ must not know about HTTP` });
    }
    return {
      files: [`src/${folder}/**/*.ts`],
      ignores: ['**/*.test.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'bin/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Express tells error handlers by arity, so their unused `_next` must stay.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Scan functions are async on purpose: a sync throw must become a rejection (contract).
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...layerRules(),
  {
    // Browser script of the review pages: plain JS, no type information.
    files: ['src/review/static/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly' },
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
);
