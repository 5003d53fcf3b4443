import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers (docs/DEVELOPING.md, "Layers"): each folder lists the only places its files may import from.
// import-x resolves every specifier, static or dynamic (`await import(...)`), re-exports included, to a
// file and checks where it lies; packages resolve into node_modules.
const layers = [
  { target: 'src/core', may: ['src/core'], why: 'src/core is pure: it imports only src/core.' },
  { target: 'src/host', may: ['src/core', 'src/host'], why: 'src/host imports only src/core and src/host.' },
  {
    target: 'src/iso',
    may: ['src/core', 'src/host', 'src/iso'],
    why: 'src/iso imports only src/core, src/host and src/iso.',
  },
  { target: 'src/cli', may: ['src'], why: 'src/cli imports only src.' },
  { target: 'bin', may: ['dist'], why: 'bin/ runs the build: it imports only dist/.' },
];

// A bare specifier (a package or a node: builtin) in any import, re-export or `import()`.
const importOf = (regex) =>
  `:matches(ImportDeclaration, ImportExpression, ExportAllDeclaration, ExportNamedDeclaration)[source.value=${regex}]`;
const execaOutsideTools = {
  selector: importOf('/^execa$/'),
  message: 'Only src/host/tools/* import execa: run a tool through its wrapper there.',
};
// The packages and builtins the pure core uses; anything else (a process, a socket, a terminal) belongs in
// src/host or src/cli.
const corePackages = [
  'zod',
  'ejs',
  'ipaddr\\.js',
  'js-yaml',
  'unixcrypt',
  'node:crypto',
  'node:fs',
  'node:path',
  'node:url',
];
const corePackageOutsideList = {
  selector: importOf(`/^(?!\\.)(?!(${corePackages.join('|')})$)/`),
  message: `src/core is pure: of packages and builtins it imports only ${corePackages.join(', ').replaceAll('\\', '')}.`,
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: import.meta.dirname })],
    },
    rules: {
      'no-unused-expressions': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: layers.map(({ target, may, why }) => ({
            target: `./${target}`,
            from: '.',
            except: [...may, 'node_modules'].map((dir) => `./${dir}`),
            message: why,
          })),
        },
      ],
      'no-restricted-syntax': ['error', execaOutsideTools],
    },
  },
  {
    files: ['src/host/tools/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-syntax': ['error', corePackageOutsideList] },
  },
  {
    // Tests may reach into fixtures whose shape they know.
    files: ['test/**/*.ts', 'test/**/*.js'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    // Plain JavaScript (the bin shim, the simulated host's fake tools) runs on Node.js without a build.
    languageOptions: { globals: globals.node, parserOptions: { projectService: false, project: null } },
  },
);
