/**
 * The lint rules that keep the layers apart (docs/DEVELOPING.md, "Layers") bite: the project's own
 * eslint.config.js and tsconfig.json, copied into a temporary checkout with throwaway files in each layer,
 * report an import across a layer (static, dynamic or a re-export), execa outside src/host/tools, a package
 * the pure core does not use; legal imports pass. `npm run lint:cycles` there fails on import cycles.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Each layer has a module to import; each case is one file and the rules it must break (none: legal).
const targets: Record<string, string> = {
  'test/target.ts': 'export const x = 1;\n',
  'src/core/target.ts': 'export const core = 1;\n',
  'src/host/target.ts': 'export const host = 1;\n',
  'src/host/tools/target.ts': 'export const tool = 1;\n',
  'src/iso/target.ts': 'export const iso = 1;\n',
  'src/cli/target.ts': 'export const cli = 1;\n',
};
const cases: { file: string; code: string; rules: string[] }[] = [
  {
    file: 'src/core/imports-host.ts',
    code: "import { host } from '../host/target.js';\nexport const x = host;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/core/deep/imports-host-dynamically.ts',
    code: "const { host } = await import('../../host/target.js');\nexport const x = host;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/core/reexports-cli.ts',
    code: "export { cli } from '../cli/target.js';\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/core/imports-iso.ts',
    code: "import { iso } from '../iso/target.js';\nexport const x = iso;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/host/imports-cli.ts',
    code: "import { cli } from '../cli/target.js';\nexport const x = cli;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/host/imports-iso.ts',
    code: "const { iso } = await import('../iso/target.js');\nexport const x = iso;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/iso/imports-cli.ts',
    code: "import { cli } from '../cli/target.js';\nexport const x = cli;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/core/imports-outside-src.ts',
    code: "import { x as y } from '../../test/target.js';\nexport const x = y;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'bin/imports-src.js',
    code: "const { cli } = await import('../src/cli/target.js');\nexport const x = cli;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    file: 'src/core/imports-a-process.ts',
    code: "import { spawnSync } from 'node:child_process';\nexport const x = spawnSync;\n",
    rules: ['no-restricted-syntax'],
  },
  {
    file: 'src/core/imports-execa-dynamically.ts',
    code: "const { execa } = await import('execa');\nexport const x = execa;\n",
    rules: ['no-restricted-syntax'],
  },
  {
    file: 'src/host/imports-execa.ts',
    code: "import { execa } from 'execa';\nexport const x = execa;\n",
    rules: ['no-restricted-syntax'],
  },
  {
    file: 'src/cli/imports-execa.ts',
    code: "export { execa } from 'execa';\n",
    rules: ['no-restricted-syntax'],
  },
  {
    file: 'src/core/legal.ts',
    code: "import { z } from 'zod';\nimport { core } from './target.js';\nexport const x = z.literal(core);\n",
    rules: [],
  },
  {
    file: 'src/host/legal.ts',
    code: "import { core } from '../core/target.js';\nimport { tool } from './tools/target.js';\nexport const x = core + tool;\n",
    rules: [],
  },
  {
    file: 'src/host/tools/legal.ts',
    code: "import { execa } from 'execa';\nimport { core } from '../../core/target.js';\nexport const x = [execa, core];\n",
    rules: [],
  },
  {
    file: 'src/iso/legal.ts',
    code: "import { host } from '../host/target.js';\nimport { core } from '../core/target.js';\nexport const x = host + core;\n",
    rules: [],
  },
  {
    file: 'src/cli/legal.ts',
    code: "import { iso } from '../iso/target.js';\nconst { host } = await import('../host/target.js');\nexport const x = iso + host;\n",
    rules: [],
  },
];

// Two cycles for `npm run lint:cycles` (madge): a plain one, and one through a lazy `import()` answered by
// an `import type` (the shape of a command that loads its run file only when it runs).
const cycles: Record<string, string> = {
  'src/core/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = (): number => b() + 1;\n",
  'src/core/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = (): number => a() + 1;\n",
  'src/cli/command.ts':
    "export const run = async (): Promise<number> => (await import('./command-run.js')).run({ a: 1 });\n",
  'src/cli/command-run.ts':
    "import type { Options } from './command-types.js';\nexport const run = (options: Options): number => options.a;\n",
  'src/cli/command-types.ts':
    "import type { run } from './command.js';\nexport interface Options { a: number; then?: typeof run }\n",
};

describe('lint: layers, execa and cycles', () => {
  let checkout = '';
  const found = new Map<string, string[]>();

  before(async () => {
    checkout = mkdtempSync(path.join(tmpdir(), 'ciab-lint-'));
    for (const file of ['eslint.config.js', 'tsconfig.json', 'package.json'])
      cpSync(path.join(repo, file), path.join(checkout, file));
    symlinkSync(path.join(repo, 'node_modules'), path.join(checkout, 'node_modules'));
    const files = { ...targets, ...cycles };
    for (const { file, code } of cases) files[file] = code;
    mkdirSync(path.join(checkout, 'bench'));
    for (const [file, code] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
      writeFileSync(path.join(checkout, file), code);
    }
    const results = await new ESLint({ cwd: checkout }).lintFiles(cases.map(({ file }) => file));
    for (const result of results) {
      found.set(
        path.relative(checkout, result.filePath),
        result.messages.map((message) => message.ruleId ?? message.message),
      );
    }
  });
  after(() => {
    if (checkout !== '') rmSync(checkout, { recursive: true, force: true });
  });

  it('npm run lint:cycles fails on each cycle, dynamic and type-only imports included, and names its files', () => {
    const run = spawnSync('npm', ['run', '--silent', 'lint:cycles'], { cwd: checkout, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const found = [...run.stdout.matchAll(/^\d+\) (.+)$/gm)].map((match) => match[1]);
    assert.deepEqual(found.sort(), [
      'src/cli/command-run.ts > src/cli/command-types.ts > src/cli/command.ts',
      'src/core/cycle-a.ts > src/core/cycle-b.ts',
    ]);
  });

  for (const { file, code, rules } of cases) {
    it(`${file}: ${rules.length === 0 ? 'passes' : rules.join(', ')}`, () => {
      assert.deepEqual(found.get(file), rules, code);
    });
  }
});
