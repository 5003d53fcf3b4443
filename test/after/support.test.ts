/**
 * The support bundle's pure half: the redactor takes out every kind of secret and leaves the rest
 * readable; the answers lose the values the schema marks secret; the bundle leaves secret files out and
 * redacts everything it holds; the collection script's output parses back into files and secrets.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { redactedAnswers, secretsOf } from '../../src/core/answers/secrets.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import { bundleFiles } from '../../src/core/support/bundle.js';
import { parseCollected } from '../../src/core/support/collect.js';
import { redactor } from '../../src/core/support/redact.js';
import { messages } from '../../src/core/messages.js';
import { gatherHostFacts } from '../../src/host/gather.js';

const PASSWORD = 'Sup3r-Secret-Pw-7q';
const ROOT = 'R00t-Pw-for-kickstart';
const KEY_ID = 'AKI0123456789ABCDEF01';
const SECRET_KEY = 'wJalrXUtnFEMI0K7MDENGbPxRfiCYEXAMPLEKEY9';
const PEM_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';

const answersText = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8')
  .replace('password: null', `password: ${PASSWORD}`)
  .replace('rootPassword: null', `rootPassword: ${ROOT}`);
const { answers } = validateAnswersText(answersText);
assert.ok(answers);

describe('the redactor', () => {
  const redact = redactor([PASSWORD]);

  it('takes out known values, PEM private keys (whole or cut short), key ids, named secrets, hashes, URL credentials', () => {
    const text = [
      `login with ${PASSWORD} now`,
      '-----BEGIN RSA PRIVATE KEY-----',
      PEM_BODY,
      PEM_BODY,
      '-----END RSA PRIVATE KEY-----',
      `export AWS_ACCESS_KEY_ID="${KEY_ID}"; export AWS_SECRET_ACCESS_KEY="${SECRET_KEY}";`,
      `secret-key = ${SECRET_KEY.slice(0, 20)}`,
      `"password": "hunter22"`,
      'rootpw --iscrypted $6$saltsalt$yEtmHIzEvcvGpkW5G0mY7SUQ3mxG3yHOwWZ0n9V3bi0dYoJ8tR0ZQX6i5P5x7Y9T0oE5Jy9C1YlkAa3Wvj2xw0',
      'proxy=http://alice:s3cr3t@proxy.example.lan:3128/',
    ].join('\n');
    const out = redact(text);
    for (const secret of [
      PASSWORD,
      PEM_BODY,
      KEY_ID,
      SECRET_KEY,
      SECRET_KEY.slice(0, 20),
      'hunter22',
      '$6$saltsalt',
      's3cr3t',
    ])
      assert.equal(out.includes(secret), false, `${secret} in:\n${out}`);
    assert.match(out, /-----BEGIN RSA PRIVATE KEY-----\n\[redacted\]\n-----END RSA PRIVATE KEY-----/);
    assert.match(out, /http:\/\/\[redacted\]@proxy\.example\.lan:3128\//);

    const tail = `${PEM_BODY}\n${PEM_BODY}\n-----END PRIVATE KEY-----\nnext line`;
    assert.equal(
      redact(tail),
      '[redacted]\n-----END PRIVATE KEY-----\nnext line',
      'a block whose start the tail cut off',
    );
    const cut = `before\n-----BEGIN PRIVATE KEY-----\n${PEM_BODY}`;
    assert.equal(redact(cut).includes(PEM_BODY), false, 'a block whose end the file cut off');
  });

  it('leaves what is not secret: task hashes, addresses, words about secrets', () => {
    const text =
      'id=register.ufs\nhash=3f2a9c0d1e4b5a6978877665544332211\nstatus=done\n' +
      'inet 192.168.56.10/24 brd 192.168.56.255 scope global br0\n' +
      'write the admin access keys to /root/.euca/cloud-in-a-box.ini (0600)\n';
    assert.equal(redact(text), text);
  });
});

describe('the secret answers', () => {
  it('are the ones the schema marks secret, and only their values are replaced', () => {
    assert.deepEqual(secretsOf(answers).sort(), [PASSWORD, ROOT].sort());
    const redacted = redactedAnswers(answers);
    assert.equal(redacted.admin.password, '[redacted]');
    assert.equal(redacted.kickstart.rootPassword, '[redacted]');
    assert.equal(redacted.host.hostname, answers.host.hostname);
    assert.equal(answers.admin.password, PASSWORD, 'the answers themselves are left as they were');
  });
});

describe('the bundle', () => {
  it('holds the answers, the rendered files without the secret ones, facts, status and the host files, all redacted', async () => {
    const plan = buildPlan(answers, getRelease('eucalyptus-4.4'), {}, 'ciab');
    const facts = await gatherHostFacts({ timeoutMs: 2000 });
    const files = bundleFiles({
      answers,
      plan,
      facts,
      statusJson: '{}\n',
      files: [
        { path: 'logs/install-x.log', content: `| AWS_SECRET_ACCESS_KEY=${SECRET_KEY}\n| ${KEY_ID}\n` },
      ],
      hostSecrets: [SECRET_KEY],
      problems: [],
    });
    const paths = files.map((f) => f.path);
    for (const expected of [
      'README.txt',
      'answers.json',
      'facts.json',
      'status.json',
      'logs/install-x.log',
      'rendered/etc/eucalyptus/eucalyptus.conf',
    ])
      assert.ok(paths.includes(expected), expected);
    assert.equal(paths.includes('rendered/root/.euca/admin-password'), false, 'a secret file is left out');
    assert.match(files[0]?.content ?? '', /Left out, as they hold secrets: .*\/root\/\.euca\/admin-password/);
    for (const file of files)
      for (const secret of [PASSWORD, ROOT, SECRET_KEY, KEY_ID])
        assert.equal(file.content.includes(secret), false, `${secret} in ${file.path}`);
  });

  it('reads the collection back: files by name, and the secrets section apart', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const output =
      `@@ciab-file logs/a.log\n${b64('line 1\nline 2\n')}\n` +
      `@@ciab-file commands/empty.txt\n\n` +
      `@@ciab-secrets\n${b64(`${PASSWORD}\n${KEY_ID}\n`)}\n`;
    assert.deepEqual(parseCollected(output), {
      files: [
        { path: 'logs/a.log', content: 'line 1\nline 2\n' },
        { path: 'commands/empty.txt', content: '' },
      ],
      secrets: [PASSWORD, KEY_ID],
    });
  });
});

describe("a failed install's hint", () => {
  it('ends with the support bundle command, for the host the install worked on', () => {
    const here = messages.installFailedHint('/var/log/cloud-in-a-box/install-x.log', undefined, undefined);
    assert.match(here.split('\n').at(-1) ?? '', /: cloud-in-a-box support-bundle$/);
    const there = messages.installFailedHint(undefined, 'see the log', 'root@192.0.2.10');
    assert.match(
      there.split('\n').at(-1) ?? '',
      /: cloud-in-a-box support-bundle --target root@192\.0\.2\.10$/,
    );
  });
});
