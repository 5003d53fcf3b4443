/**
 * `cloud-in-a-box support-bundle` on a simulated host: a failed install's last lines suggest it; on the
 * installed host, with secrets planted where real ones turn up (a private key and access keys in a
 * Eucalyptus log, one cut in half by the log's tail, a root password hash in the kept answers), the archive is
 * 0600, holds everything it lists, and a scan of every file in it finds none of the host's secrets (in
 * plain text, SHA-256 or base64), no PEM private key and no access key id.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import type { Needle } from '../security/secrets-harness.js';
import { findNeedles, needlesOf } from '../security/secrets-harness.js';
import { ADMIN_PASSWORD, ANSWERS, ensureBuilt, install, journal, prepare } from '../install/helpers.js';

/** `openssl passwd -6 -salt bundlesalt R00t-Bundle-Pw-58`: the host keeps kickstart.rootPassword only as a hash */
const ROOT_PASSWORD_HASH =
  '$6$bundlesalt$j7R9eQBGtyp.OlWQBJYeXfn4tdYpc1D1ku1kXJimjJ76BhvYdkXAqpUAaD6M/E8A7PStEpyJtcFfT4UVX/e3S.';
const BUNDLE = '/root/support.tar.gz';

interface CloudKeys {
  accessKey: string;
  secretKey: string;
  accessKeys?: Record<string, { id: string; secret: string }[]>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** The host's secrets, known once it is installed; the files of the bundle written on the host. */
let needles: Needle[] = [];
let keyIds: string[] = [];
let localFiles: string[] = [];

function assertNoSecret(base: string, files: readonly string[]): void {
  for (const file of files) {
    const text = readFileSync(path.join(base, file), 'utf8');
    assert.deepEqual(findNeedles(text, needles), [], file);
    assert.doesNotMatch(
      text,
      /-----BEGIN [A-Z ]*PRIVATE KEY-----\n(?!\[redacted\]\n-----END)/,
      `${file}: a private key`,
    );
    assert.doesNotMatch(text, /\bAKI[0-9A-Z]{12,}/, `${file}: an access key id`);
    for (const id of keyIds) assert.equal(text.includes(id), false, `${file}: ${id}`);
  }
}

describe('support-bundle on a simulated host', () => {
  let host: SimHost;
  let work: string;
  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    prepare(host);
    host.writeFile(
      ANSWERS,
      host.readFile(ANSWERS).replace('rootPassword: null', `rootPassword: '${ROOT_PASSWORD_HASH}'`),
      0o600,
    );
    work = mkdtempSync(path.join(tmpdir(), 'ciab-bundle-test-'));
  });
  after(() => {
    host.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it("a failed install's last lines suggest the support bundle", async () => {
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([
        { tool: 'euserv-register-service', times: 1000, exitCode: 1, stderr: 'error: simulated' },
      ]),
    );
    const failed = await install(host);
    assert.equal(failed.exitCode, 1);
    const last = failed.stderr.trimEnd().split('\n').slice(-3).join('\n');
    assert.match(last, /cloud-in-a-box support-bundle/, last);
    host.writeFile('/var/lib/simhost/faults.json', '[]');
  });

  it('the archive (0600) holds what it lists, and no secret', async () => {
    const done = await install(host);
    assert.equal(done.exitCode, 0, done.stderr.slice(-2000));
    assert.ok(
      host.readFile('/etc/cloud-in-a-box/answers.yaml').includes(ROOT_PASSWORD_HASH),
      'the host keeps the hash',
    );
    const cloud = JSON.parse(host.readFile('/var/lib/simhost/cloud.json')) as CloudKeys;
    const privateKey = host.readFile('/var/lib/eucalyptus/keys/cloud-pk.pem');
    const keyLines = privateKey.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
    const admin = cloud.accessKeys?.admin?.[0];
    assert.ok(admin, 'the install made the admin an access key');
    // Where real secrets turn up: a key pair and a private key in a service's log; a key cut by the tail.
    host.writeFile(
      '/var/log/eucalyptus/cloud-output.log',
      [
        'INFO starting',
        `DEBUG credentials AWS_ACCESS_KEY_ID=${cloud.accessKey} AWS_SECRET_ACCESS_KEY=${cloud.secretKey}`,
        `DEBUG admin key ${admin.id} ${admin.secret}`,
        `DEBUG login admin/${ADMIN_PASSWORD}`,
        privateKey,
      ].join('\n'),
    );
    const filler = Array.from({ length: 498 }, (_, i) => `INFO cluster line ${i}`);
    host.writeFile(
      '/var/log/eucalyptus/cc.log',
      [...privateKey.trimEnd().split('\n'), ...filler].join('\n') + '\n',
    );

    const r = await host.ciab(['support-bundle', '-o', BUNDLE]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /wrote \/root\/support\.tar\.gz/);
    assert.equal(statSync(host.at(BUNDLE)).mode & 0o777, 0o600);
    const again = await host.ciab(['support-bundle', '-o', BUNDLE]);
    assert.equal(again.exitCode, 2, 'an existing file is never overwritten');

    execFileSync('tar', ['-xzf', host.at(BUNDLE), '-C', work]);
    const [top = ''] = readdirSync(work);
    assert.match(top, /^cloud-in-a-box-support-/);
    const base = path.join(work, top);
    const files = filesUnder(base).map((f) => path.relative(base, f));
    for (const expected of [
      'README.txt',
      'answers.json',
      'facts.json',
      'status.json',
      'rendered/etc/eucalyptus/eucalyptus.conf',
      'eucalyptus-logs/cloud-output.log',
      'eucalyptus-logs/cc.log',
      'commands/systemctl-failed.txt',
      'commands/ip-addr.txt',
      'commands/ip-route.txt',
      'commands/euserv-describe-services.txt',
      'commands/euserv-describe-node-controllers.txt',
    ])
      assert.ok(files.includes(expected), `${expected} in ${files.join(' ')}`);
    assert.ok(
      files.some((f) => /^logs\/install-.*\.log$/.test(f)),
      'our logs',
    );
    assert.deepEqual(
      files
        .filter((f) => f.startsWith('journal/'))
        .map((f) => f.slice('journal/'.length))
        .sort(),
      [...journal(host).keys()].sort(),
      'the whole journal',
    );
    const read = (file: string): string => readFileSync(path.join(base, file), 'utf8');
    const readme = read('README.txt');
    for (const file of files.filter((f) => f !== 'README.txt'))
      assert.ok(readme.includes(`  ${file}\n`), `README lists ${file}`);
    assert.equal(files.includes('rendered/root/.euca/admin-password'), false);
    assert.equal((JSON.parse(read('status.json')) as { ok: boolean }).ok, true);
    assert.match(read('commands/ip-addr.txt'), /inet 192\.168\.56\.10\/24/);
    assert.match(read('commands/ip-route.txt'), /default via/);
    assert.match(read('commands/euserv-describe-services.txt'), /^SERVICE\s+cluster/m);
    assert.match(
      read('commands/euserv-describe-node-controllers.txt'),
      /^NODE\s+\S+\s+192\.168\.56\.10\s+enabled/m,
    );
    assert.match(read('commands/systemctl-failed.txt'), /0 loaded units listed/);
    assert.equal(read('eucalyptus-logs/cc.log').split('\n').filter(Boolean).length <= 500, true, 'a tail');
    assert.match(read('eucalyptus-logs/cloud-output.log'), /INFO starting/, 'the rest of the log stays');
    const answers = JSON.parse(read('answers.json')) as {
      admin: { password: string };
      kickstart: { rootPassword: string };
      host: { hostname: string };
    };
    assert.equal(answers.admin.password, '[redacted]');
    assert.equal(answers.kickstart.rootPassword, '[redacted]');
    assert.equal(answers.host.hostname.length > 0, true);

    needles = [
      ...needlesOf('the admin password', ADMIN_PASSWORD),
      ...needlesOf('the root password hash', ROOT_PASSWORD_HASH),
      ...needlesOf("the cloud's system secret key", cloud.secretKey),
      ...needlesOf("the admin's secret key", admin.secret),
      ...keyLines.map((line, i) => ({ label: `line ${i} of cloud-pk.pem`, text: line })),
    ];
    keyIds = [cloud.accessKey, admin.id];
    localFiles = files;
    assertNoSecret(base, files);
  });

  it('over SSH: status --target says what status says on the host; support-bundle --target writes the same archive here', async () => {
    const ssh = await host.startSsh();
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const here = await host.ciab(['status', '--json']);
    const there = await ssh.workstation.ciab(['status', '--target', ssh.target(), '--json']);
    assert.equal(there.exitCode, 0, there.stdout + there.stderr);
    const withoutTarget = (text: string): unknown => ({ ...(JSON.parse(text) as object), target: null });
    assert.deepEqual(withoutTarget(there.stdout), withoutTarget(here.stdout));
    assert.equal((JSON.parse(there.stdout) as { target: string }).target, ssh.target());

    const out = path.join(ssh.workstation.home, 'remote-support.tar.gz');
    const r = await ssh.workstation.ciab(['support-bundle', '--target', ssh.target(), '-o', out]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const remote = path.join(work, 'remote');
    execFileSync('mkdir', ['-p', remote]);
    execFileSync('tar', ['-xzf', out, '-C', remote]);
    const [top = ''] = readdirSync(remote);
    const base = path.join(remote, top);
    const files = filesUnder(base).map((f) => path.relative(base, f));
    assert.deepEqual(files.sort(), [...localFiles].sort());
    assertNoSecret(base, files);
  });
});

describe('support-bundle on a host whose kept answers do not validate', () => {
  it('still writes the bundle, with why in problems.txt and no secret of the broken answers', async () => {
    ensureBuilt();
    const broken = await createSimHost();
    const out = mkdtempSync(path.join(tmpdir(), 'ciab-bundle-broken-'));
    try {
      const secret = 'short7';
      broken.writeFile(
        '/etc/cloud-in-a-box/answers.yaml',
        `release: eucalyptus-4.4\nadmin:\n  password: ${secret}\n`,
        0o600,
      );
      const r = await broken.ciab(['support-bundle', '-o', '/root/broken.tar.gz']);
      assert.equal(r.exitCode, 0, r.stderr);
      execFileSync('tar', ['-xzf', broken.at('/root/broken.tar.gz'), '-C', out]);
      const [top = ''] = readdirSync(out);
      const base = path.join(out, top);
      const files = filesUnder(base).map((f) => path.relative(base, f));
      for (const expected of [
        'README.txt',
        'problems.txt',
        'facts.json',
        'status.json',
        'commands/ip-addr.txt',
      ])
        assert.ok(files.includes(expected), `${expected} in ${files.join(' ')}`);
      assert.equal(files.includes('answers.json'), false);
      assert.match(readFileSync(path.join(base, 'problems.txt'), 'utf8'), /answers\.yaml has \d+ problems?/);
      const state = JSON.parse(readFileSync(path.join(base, 'status.json'), 'utf8')) as {
        install: { state: string };
      };
      assert.equal(state.install.state, 'not-installed');
      for (const file of files)
        assert.deepEqual(
          findNeedles(readFileSync(path.join(base, file), 'utf8'), needlesOf('the password', secret)),
          [],
          file,
        );
    } finally {
      broken.destroy();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
