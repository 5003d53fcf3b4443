/**
 * Answers files as an attacker or a careless hand writes them: a secret under a misspelt key or in place of
 * its section never reaches an error line, and a malformed address is bad input (exit 2), not a crash.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.js';

const example = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'ciab-security-answers-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

const SECRET = 'Tr0ub4dor&3-secret';

/** `answers validate` on the example with one edit; its exit code and everything it printed. */
async function validate(edit: (text: string) => string): Promise<{ code: number; printed: string }> {
  const file = path.join(work, 'answers.yaml');
  const text = edit(example);
  assert.notEqual(text, example, 'the edit applies to the example');
  writeFileSync(file, text);
  return runCli(['answers', 'validate', file], work);
}

void describe('validation errors keep secrets out of sight', () => {
  const cases: [string, (text: string) => string][] = [
    [
      'a misspelt kickstart.rootPassword',
      (t) => t.replace('rootPassword: null', `rootpassword: "${SECRET}"`),
    ],
    ['a misspelt admin.password', (t) => t.replace('password: null', `pasword: "${SECRET}"`)],
    ['admin given as a scalar', (t) => t.replace(/^admin:\n {2}password: null.*$/m, `admin: "${SECRET}"`)],
    ['kickstart given as a scalar', (t) => t.replace(/^kickstart:[^]*$/m, `kickstart: "${SECRET}"\n`)],
    ['an unknown top-level key', (t) => `${t}adminPassword: "${SECRET}"\n`],
    ['a wrong value under kickstart', (t) => t.replace('disk: sda', `disk: "${SECRET}"`)],
  ];
  for (const [what, edit] of cases) {
    void it(`does not print the value of ${what}`, async () => {
      const { code, printed } = await validate(edit);
      assert.equal(code, 2, printed);
      assert.match(printed, /error: /);
      assert.ok(!printed.includes(SECRET), `the secret is printed:\n${printed}`);
    });
  }

  void it('still shows a wrong value outside the secret sections', async () => {
    const { code, printed } = await validate((t) => t.replace('zone: zone-1', 'zone: "zone 1"'));
    assert.equal(code, 2, printed);
    assert.match(printed, /cloud\.zone: "zone 1" /);
  });
});

void describe('a malformed network.address', () => {
  void it('is invalid input (exit 2) naming the field, not an unexpected failure', async () => {
    const { code, printed } = await validate((t) =>
      t.replace('address: 192.168.56.10/24', 'address: 10.20.30.40/23/'),
    );
    assert.equal(code, 2, printed);
    assert.match(printed, /network\.address: "10\.20\.30\.40\/23\/" is not an IPv4 address/);
    assert.doesNotMatch(printed, /unexpected/);
  });
});
