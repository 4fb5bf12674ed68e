import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/build/**', '**/dist/**', 'data/**', 'tmp/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // The native addon and the engine that wraps it live only on the shard side.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shard', onlyDependOnLibsWithTags: ['scope:shard', 'scope:shared'] },
            { sourceTag: 'scope:coordinator', onlyDependOnLibsWithTags: ['scope:coordinator', 'scope:shared'] },
            // The index worker trains and builds with the engine, like a shard.
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:shard', 'scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shard', 'scope:shared', 'scope:tools'] },
          ],
        },
      ],
    },
  },
];
