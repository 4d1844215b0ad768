// Lint: typescript-eslint's recommended rules, plus the module boundaries from
// docs/ARCHITECTURE.md (platform never imports modules; modules use each other's index).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'scratch/', 'test-results/', 'bench/results/', 'migrations/', 'public/vendor/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }],
    },
  },
  {
    files: ['src/platform/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**', '**/services.js', '**/demo/**'], message: 'platform/ never imports modules/ or the wiring.' }] }],
    },
  },
  {
    files: ['src/modules/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*/schema.js', '../*/service.js', '../*/search.js', '../*/input.js'], message: 'Reach another module only through its index.ts (or its http.tsx for page helpers).' },
            { group: ['**/services.js', '../../app.js'], message: 'Modules do not import the wiring.' },
          ],
        },
      ],
    },
  },
  {
    // A foreign key to the tenant table is the one cross-module schema reference:
    // it reads and writes nothing of the other module.
    files: ['src/modules/**/schema.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [], patterns: [{ group: ['../*/service.js', '../*/search.js'], message: 'Schemas only reference tables.' }] }] },
  },
);
