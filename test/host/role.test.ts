/**
 * The role a host keeps in /etc/cloud-in-a-box/role: one word, read back by every command that builds a
 * plan on the host; a file that says anything else is refused with its name, and a role other than the
 * recorded one is refused (exit 2) rather than installed on top of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../../src/core/errors.js';
import { ROLE_FILE } from '../../src/core/locations.js';
import { buildPlan } from '../../src/core/plan/build.js';
import type { Plan } from '../../src/core/plan/types.js';
import { getRelease } from '../../src/core/release/index.js';
import { chooseRole, parseRoleFile, roleFileText, roles } from '../../src/core/role.js';
import { readHostRole } from '../../src/host/role.js';
import { targetRole } from '../../src/cli/plan-for.js';
import { THIS_MACHINE } from '../../src/host/target-host.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';

const work = mkdtempSync(path.join(tmpdir(), 'ciab-role-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});
const file = (name: string, text: string): string => {
  const at = path.join(work, name);
  writeFileSync(at, text);
  return at;
};

describe('the role file', () => {
  it('is one word a line, and reads back as the role it was written for', () => {
    for (const role of roles) {
      assert.equal(roleFileText(role), `${role}\n`);
      assert.equal(parseRoleFile(roleFileText(role), ROLE_FILE), role);
    }
    // as a person writes it by hand: `echo nc > role`, or with stray spaces
    assert.equal(parseRoleFile(' frontend \n', ROLE_FILE), 'frontend');
    assert.equal(parseRoleFile('nc', ROLE_FILE), 'nc');
  });

  it('refuses anything but one known role, naming the file and what it says', () => {
    for (const text of ['', '\n', 'node\n', 'nc frontend\n', 'nc\nciab\n', 'NC\n', 'role: nc\n']) {
      assert.throws(
        () => parseRoleFile(text, '/etc/cloud-in-a-box/role'),
        (error: unknown) =>
          error instanceof InputError &&
          error.message.includes('/etc/cloud-in-a-box/role') &&
          error.message.includes('ciab, frontend or nc') &&
          error.message.includes(JSON.stringify(text)) &&
          (error.hint ?? '').includes('echo nc > /etc/cloud-in-a-box/role'),
        JSON.stringify(text),
      );
    }
  });

  it('is read from the host: none on a fresh host, refused when malformed or unreadable', async () => {
    assert.equal(await readHostRole(THIS_MACHINE, path.join(work, 'none')), undefined);
    assert.equal(await readHostRole(THIS_MACHINE, file('nc', 'nc\n')), 'nc');
    await assert.rejects(readHostRole(THIS_MACHINE, file('bad', 'controller\n')), InputError);
    const dir = path.join(work, 'a-directory');
    mkdirSync(dir);
    await assert.rejects(readHostRole(THIS_MACHINE, dir), (error: unknown) => {
      return error instanceof InputError && error.message.includes(dir);
    });
  });

  it("decides the command's role: the one asked for only when it is the host's; else the host's; else ciab", async () => {
    assert.equal(chooseRole(undefined, undefined, ROLE_FILE), 'ciab');
    assert.equal(chooseRole('nc', undefined, ROLE_FILE), 'nc');
    assert.equal(chooseRole(undefined, 'frontend', ROLE_FILE), 'frontend');
    assert.equal(chooseRole('nc', 'nc', ROLE_FILE), 'nc');
    assert.throws(
      () => chooseRole('ciab', 'nc', ROLE_FILE),
      (error: unknown) =>
        error instanceof InputError &&
        /this host was installed as nc \(\/etc\/cloud-in-a-box\/role says so\); refusing to make it ciab: nothing was changed/.test(
          error.message,
        ),
    );
    assert.equal(await targetRole(THIS_MACHINE, undefined, path.join(work, 'none')), 'ciab');
    assert.equal(await targetRole(THIS_MACHINE, undefined, file('fe', 'frontend\n')), 'frontend');
    await assert.rejects(targetRole(THIS_MACHINE, 'ciab', file('nc2', 'nc\n')), InputError);
  });

  it("is written by the install's first task that changes the host, with the answers", () => {
    const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
    const answers = validateAnswersText(text).answers;
    assert.ok(answers);
    for (const role of roles) {
      const plan: Plan = buildPlan(answers, getRelease(answers.release), {}, role);
      // Only the refusal of another release's host (which changes nothing) comes before it.
      const [refusal, task] = plan.tasks;
      assert.equal(refusal?.id, 'host.release');
      assert.ok(task);
      assert.equal(task.id, 'host.answers');
      const kept = task.files.find((f) => f.path === ROLE_FILE);
      assert.ok(kept);
      assert.equal(kept.content, `${role}\n`);
      assert.equal(kept.mode, '644');
      assert.match(task.check, /ciab_file_is \/etc\/cloud-in-a-box\/role 644 root:root /);
      assert.match(task.apply, /ciab_put_file \/etc\/cloud-in-a-box\/role 644 root:root /);
    }
  });
});
