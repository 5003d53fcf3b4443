/**
 * The task `register.keys` on the simulated host, against a compromised eucalyptus service: the zone's keys
 * are copied by root out of /var/lib/eucalyptus/keys/<zone>/, a directory the eucalyptus user writes. Before,
 * `install` followed a symlink planted there and copied whatever root-only file it named into the keys
 * directory, owned by eucalyptus. Now the task refuses and copies nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { taskScript } from '../../src/core/bash/tasks.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';

const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
const answers = validateAnswersText(text).answers;
assert.ok(answers);
const task = buildPlan(answers, getRelease('eucalyptus-4.4'), {}, 'ciab').tasks.find(
  (t) => t.id === 'register.keys',
);
assert.ok(task);
const zoneDir = `/var/lib/eucalyptus/keys/${answers.cloud.zone}`;
const KEYS = ['cluster-cert.pem', 'cluster-pk.pem', 'node-cert.pem', 'node-pk.pem'];

let host: SimHost;
before(async () => {
  host = await createSimHost();
});
after(() => {
  host.destroy();
});

const must = async (argv: string[]): Promise<void> => {
  const r = await host.run(argv);
  assert.equal(r.exitCode, 0, `${argv.join(' ')}: ${r.stderr}`);
};
const asEucalyptus = (...argv: string[]): Promise<void> =>
  must(['setpriv', '--reuid=eucalyptus', '--regid=eucalyptus', '--clear-groups', ...argv]);

void describe('register.keys against a compromised eucalyptus service', () => {
  void it('refuses a key that is a symlink to a root-only file, and copies none', async () => {
    // the service account the eucalyptus RPM creates (useradd -r), and a secret of root's
    await must(['useradd', '-r', '-d', '/var/lib/eucalyptus', '-s', '/sbin/nologin', 'eucalyptus']);
    await must(['bash', '-c', 'umask 077 && echo root-only-secret > /root/secret']);
    await must([
      'install',
      '-d',
      '-o',
      'eucalyptus',
      '-g',
      'eucalyptus',
      '-m',
      '0700',
      '/var/lib/eucalyptus/keys',
    ]);
    await asEucalyptus('mkdir', '-p', zoneDir);
    for (const key of KEYS.slice(0, 3)) await asEucalyptus('bash', '-c', `echo ${key} > ${zoneDir}/${key}`);
    await asEucalyptus('ln', '-s', '/root/secret', `${zoneDir}/node-pk.pem`);

    const run = await host.run(['bash', '-s'], {
      input: taskScript(task, 'run'),
      env: { CIAB_STATE: '/var/lib/cloud-in-a-box-test' },
    });
    assert.notEqual(run.exitCode, 0, run.stdout);
    assert.match(run.stderr, /refusing to copy .*node-pk\.pem: it is not a regular file of eucalyptus's/);
    for (const key of KEYS)
      assert.equal(host.exists(`/var/lib/eucalyptus/keys/${key}`), false, `${key} was copied`);
  });
});
